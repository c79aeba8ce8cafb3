package io.cybernetcall.signalstore;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.cybernetcall.testsupport.AuthServiceProcess;
import io.cybernetcall.testsupport.JavaServiceProcess;
import io.cybernetcall.testsupport.RealAccounts;
import io.cybernetcall.testsupport.RealAccounts.User;
import io.cybernetcall.testsupport.SealedPayloads;
import io.cybernetcall.testsupport.SignalingClient;
import io.cybernetcall.testsupport.TestRedis;
import io.cybernetcall.testsupport.WithAuthService;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The real signaling-service (as a process) routes; this service stores. A client switches WS →
 * long-poll → WS mid-conversation and its application sees every signal exactly once, in order; a
 * client that never opens a WebSocket completes an offer/answer with one that does.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@WithAuthService(database = "cybernet_auth_store", redisDb = "5")
class TransportSwitchTest {

  @TestHTTPResource("/")
  URI store;

  @ConfigProperty(name = AuthServiceProcess.ISSUER_PROPERTY)
  String issuer;

  private JavaServiceProcess signaling;

  @BeforeAll
  void startSignaling() throws Exception {
    Path log = Files.createTempFile("signaling-for-store", ".log");
    System.out.printf("signaling-service for TransportSwitchTest: log %s%n", log);
    signaling =
        JavaServiceProcess.start(
            Path.of(System.getProperty("signaling.service.jar")),
            JavaServiceProcess.freePort(),
            Map.of(
                "AUTH_SERVER_URL",
                issuer,
                "SIGNALING_AUTH_URL",
                issuer,
                "SIGNALING_ICE_SERVER",
                "127.0.0.1",
                "SIGNALING_ICE_TURN_SECRET",
                "test-only-turn-secret-for-the-store-tests",
                "REDIS_URL",
                TestRedis.url("5")),
            log);
  }

  @AfterAll
  void stopSignaling() {
    if (signaling != null) {
      signaling.close();
    }
  }

  @Test
  void switchingWebSocketToLongPollAndBackDeliversEverySignalOnce() throws Exception {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    accounts.connect(alice, bob);
    String call = UUID.randomUUID().toString();
    List<String> sent = new ArrayList<>();
    ReceivingApp bobApp = new ReceivingApp();
    JsonPath last;

    try (SignalingClient a = SignalingClient.connect(signaling.baseUrl(), alice.accessToken())) {
      // 1. WebSocket.
      try (SignalingClient b = SignalingClient.connect(signaling.baseUrl(), bob.accessToken())) {
        a.send(offer(bob, call));
        JsonPath offer = b.next("offer");
        sent.add(offer.getString("id"));
        bobApp.accept(offer);
        acknowledge(bob, bobApp.lastSeq);
      }
      // 2. The socket is gone (Alice sees Bob go offline); signals sent meanwhile arrive by
      // long-poll.
      awaitOffline(a);
      for (int i = 0; i < 3; i++) {
        a.send(candidate(bob, call, i));
      }
      while (bobApp.delivered.size() < 4) {
        longPoll(bob, bobApp.lastSeq).forEach(bobApp::accept);
      }
      acknowledge(bob, bobApp.lastSeq);
      // Bob stops polling: once the presence grace is over he is offline again.
      awaitOffline(a);
      // 3. Back on a WebSocket: resume from the last processed sequence number; a catch-up
      // fetch from the store as well (duplicates on the wire are dropped by sequence number).
      try (SignalingClient b = SignalingClient.connect(signaling.baseUrl(), bob.accessToken())) {
        assertThat(b.welcome.getLong("lastSeq")).isEqualTo(bobApp.lastSeq);
        a.send(candidate(bob, call, 3));
        last = b.next("candidate");
        bobApp.accept(last);
        longPoll(bob, 0).forEach(bobApp::accept);
      }
    }
    // The last candidate reached Bob while his only session was a socket: it went to the socket
    // and its replay buffer, never to the store.
    List<JsonPath> everything = fetchAll(bob);
    assertThat(everything).hasSize(4);
    assertThat(bobApp.delivered).hasSize(5);
    assertThat(bobApp.delivered.subList(0, 4)).containsExactlyElementsOf(idsOf(everything));
    assertThat(bobApp.delivered.get(4)).isEqualTo(last.getString("id"));
    assertThat(bobApp.delivered.get(0)).isEqualTo(sent.get(0));
    assertThat(bobApp.duplicatesDropped).isGreaterThan(0);
  }

  @Test
  void aClientWithoutAWebSocketCompletesAnOfferAnswerExchange() throws Exception {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    accounts.connect(alice, bob);
    String call = UUID.randomUUID().toString();
    try (SignalingClient a = SignalingClient.connect(signaling.baseUrl(), alice.accessToken())) {
      a.send(offer(bob, call));
      // Bob only ever speaks HTTP: long-poll the store, send through signaling's POST.
      JsonPath offer = longPoll(bob, 0).get(0);
      assertThat(offer.getString("type")).isEqualTo("offer");
      assertThat(offer.getString("from.userId")).isEqualTo(alice.id());
      send(
          bob, "{\"type\":\"accept\",\"to\":\"%s\",\"callId\":\"%s\"}".formatted(alice.id(), call));
      send(
          bob,
          "{\"type\":\"answer\",\"to\":\"%s\",\"callId\":\"%s\",\"sealed\":%s}"
              .formatted(alice.id(), call, SealedPayloads.json()));
      a.next("accept");
      JsonPath answer = a.next("answer");
      assertThat(answer.getString("from.userId")).isEqualTo(bob.id());
      assertThat(answer.getMap("sealed")).containsKey("ct");
      a.send(candidate(bob, call, 0));
      // After the offer: that this device accepted (for Bob's other devices), then the candidate.
      List<JsonPath> next = longPoll(bob, offer.getLong("seq"));
      JsonPath settled = next.get(0);
      assertThat(settled.getString("type")).isEqualTo("call-settled");
      assertThat(settled.getString("outcome")).isEqualTo("answered");
      JsonPath candidate =
          next.size() > 1 ? next.get(1) : longPoll(bob, settled.getLong("seq")).get(0);
      assertThat(candidate.getString("type")).isEqualTo("candidate");
    }
  }

  @Test
  void aLongPollingUserIsOnlineForTheirContacts() throws Exception {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    accounts.connect(alice, bob);
    try (SignalingClient a = SignalingClient.connect(signaling.baseUrl(), alice.accessToken())) {
      assertThat(
              a.welcome.getBoolean(
                  "presence.find { it.userId == '%s' }.online".formatted(bob.id())))
          .isFalse();
      // Bob has no WebSocket: his welcome comes over HTTP, then he long-polls the store.
      JsonPath welcome =
          given()
              .baseUri(signaling.baseUrl())
              .auth()
              .oauth2(bob.accessToken())
              .get("/api/welcome")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      assertThat(welcome.getString("type")).isEqualTo("welcome");
      assertThat(welcome.getList("iceServers[0].urls")).containsExactly("stun:127.0.0.1:3478");
      assertThat(
              welcome.getBoolean(
                  "presence.find { it.userId == '%s' }.online".formatted(alice.id())))
          .isTrue();
      longPoll(bob, 0, 1);

      JsonPath online = a.next("presence");
      assertThat(online.getString("userId")).isEqualTo(bob.id());
      assertThat(online.getBoolean("online")).isTrue();
      // Presence grace is 2 s in tests: after his last poll Bob goes offline.
      JsonPath offline = a.nextWithin("presence", 10_000);
      assertThat(offline).as("an offline presence frame").isNotNull();
      assertThat(offline.getString("userId")).isEqualTo(bob.id());
      assertThat(offline.getBoolean("online")).isFalse();
    }
  }

  /** What a client application does with incoming signals: drop any seq it has processed. */
  private static final class ReceivingApp {
    final List<String> delivered = new ArrayList<>();
    long lastSeq;
    int duplicatesDropped;

    void accept(JsonPath frame) {
      long seq = frame.getLong("seq");
      if (seq <= lastSeq) {
        duplicatesDropped++;
        return;
      }
      assertThat(seq).isEqualTo(lastSeq + 1);
      lastSeq = seq;
      delivered.add(frame.getString("id"));
    }
  }

  private List<JsonPath> longPoll(User user, long after) {
    return longPoll(user, after, 10);
  }

  private List<JsonPath> longPoll(User user, long after, int wait) {
    JsonPath page =
        given()
            .baseUri(store.toString())
            .auth()
            .oauth2(user.accessToken())
            .get("/api/inbox?wait=" + wait + "&after=" + after)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    List<JsonPath> frames = new ArrayList<>();
    for (int i = 0; i < page.getList("signals").size(); i++) {
      frames.add(new JsonPath(page.prettify()).setRootPath("signals[" + i + "]"));
    }
    return frames;
  }

  private List<JsonPath> fetchAll(User user) {
    return longPoll(user, 0);
  }

  /** Waits for the presence frame that says Bob (Alice's one contact) went offline. */
  private static void awaitOffline(SignalingClient alice) {
    JsonPath presence;
    do {
      presence = alice.nextWithin("presence", 10_000);
      assertThat(presence).as("a presence frame").isNotNull();
    } while (presence.getBoolean("online"));
  }

  private static List<String> idsOf(List<JsonPath> frames) {
    return frames.stream().map(f -> f.getString("id")).toList();
  }

  private void acknowledge(User user, long seq) {
    given()
        .baseUri(store.toString())
        .auth()
        .oauth2(user.accessToken())
        .contentType("application/json")
        .body("{\"seq\":" + seq + "}")
        .post("/api/inbox/ack")
        .then()
        .statusCode(200);
  }

  private void send(User user, String frame) {
    given()
        .baseUri(signaling.baseUrl())
        .auth()
        .oauth2(user.accessToken())
        .contentType("application/json")
        .body(frame)
        .post("/api/signals")
        .then()
        .statusCode(202);
  }

  private static String offer(User to, String call) {
    return "{\"type\":\"offer\",\"to\":\"%s\",\"callId\":\"%s\",\"media\":\"video\",\"sealed\":%s}"
        .formatted(to.id(), call, SealedPayloads.json());
  }

  private static String candidate(User to, String call, int n) {
    // The n-th candidate: its ciphertext says which (the server cannot tell, and need not).
    return "{\"type\":\"candidate\",\"to\":\"%s\",\"callId\":\"%s\",\"sealed\":%s}"
        .formatted(to.id(), call, SealedPayloads.json(SealedPayloads.ciphertext("N" + n, 120)));
  }
}
