package io.cybernetcall.signaling;

import static io.cybernetcall.signaling.CallSteps.acceptedCall;
import static io.cybernetcall.signaling.CallSteps.candidate;
import static io.cybernetcall.signaling.CallSteps.newCallId;
import static io.cybernetcall.signaling.CallSteps.offer;
import static io.cybernetcall.signaling.CallSteps.peer;
import static io.cybernetcall.signaling.CallSteps.relay;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.cybernetcall.contracts.events.EventFields;
import io.cybernetcall.contracts.events.EventTypes;
import io.cybernetcall.contracts.events.StreamNames;
import io.cybernetcall.signaling.presence.SessionRegistry;
import io.cybernetcall.signaling.redis.RedisKeys;
import io.cybernetcall.testsupport.AuthServiceProcess;
import io.cybernetcall.testsupport.EventEntries;
import io.cybernetcall.testsupport.RealAccounts;
import io.cybernetcall.testsupport.RealAccounts.User;
import io.cybernetcall.testsupport.SealedPayloads;
import io.cybernetcall.testsupport.SignalingClient;
import io.cybernetcall.testsupport.WithAuthService;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithAuthService(database = "cybernet_auth_signaling", redisDb = "3")
class SessionLifecycleTest {

  @TestHTTPResource("/")
  URI base;

  @ConfigProperty(name = AuthServiceProcess.ISSUER_PROPERTY)
  String issuer;

  @Inject RedisDataSource redis;
  @Inject RedisKeys keys;

  @Test
  void reconnectingClientResumesFromItsLastAcknowledgedSequenceWithoutLossOrDuplicates() {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    accounts.connect(alice, bob);
    long lastAcked;
    try (SignalingClient a = SignalingClient.browser(base, alice.accessToken())) {
      try (SignalingClient b = SignalingClient.browser(base, bob.accessToken())) {
        lastAcked = relay(a, b, offer(bob, newCallId(), "data")).getLong("seq");
        b.send("{\"type\":\"ack\",\"seq\":" + lastAcked + "}");
      }
      // Bob is offline for a moment; three signals are sent meanwhile.
      a.next("presence");
      for (int i = 0; i < 3; i++) {
        a.send(offer(bob, newCallId(), "data"));
      }
      a.assertNo("error", 300);
      try (SignalingClient b = SignalingClient.browser(base, bob.accessToken())) {
        assertThat(b.welcome.getLong("lastSeq")).isEqualTo(lastAcked + 3);
        b.send("{\"type\":\"resume\",\"after\":" + lastAcked + "}");
        // The contract: every signal after `after` arrives, a client drops what it has already
        // seen by seq, and replay-end says where the replay stopped.
        java.util.Set<Long> seen = new java.util.TreeSet<>();
        JsonPath end = null;
        long deadline = System.currentTimeMillis() + 10_000;
        while ((seen.size() < 3 || end == null) && System.currentTimeMillis() < deadline) {
          JsonPath frame = b.nextAny(100);
          if (frame == null) {
            continue;
          }
          if ("offer".equals(frame.getString("type"))) {
            assertThat(frame.getLong("seq")).isGreaterThan(lastAcked);
            seen.add(frame.getLong("seq"));
          } else if ("replay-end".equals(frame.getString("type"))) {
            end = frame;
          }
        }
        assertThat(seen).containsExactly(lastAcked + 1, lastAcked + 2, lastAcked + 3);
        assertThat(end).as("replay-end").isNotNull();
        assertThat(end.getLong("lastSeq")).isEqualTo(lastAcked + 3);
        assertThat(end.getBoolean("truncated")).isFalse();
      }
    }
  }

  @Test
  void contactsSeeAUserGoOfflineOnlyWhenTheLastDeviceLeaves() {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    accounts.connect(alice, bob);
    try (SignalingClient a = SignalingClient.browser(base, alice.accessToken())) {
      SignalingClient phone = SignalingClient.browser(base, bob.accessToken());
      assertThat(a.next("presence").getBoolean("online")).isTrue();
      SignalingClient laptop = SignalingClient.browser(base, bob.accessToken());
      phone.close();
      a.assertNo("presence", 500);
      laptop.close();
      JsonPath offline = a.next("presence");
      assertThat(offline.getString("userId")).isEqualTo(bob.id());
      assertThat(offline.getBoolean("online")).isFalse();
    }
  }

  @Test
  void httpSendIsTheSamePathAsTheWebSocket() {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    User stranger = accounts.create("stranger");
    accounts.connect(alice, bob);
    try (SignalingClient b = SignalingClient.browser(base, bob.accessToken())) {
      String call = newCallId();
      given()
          .header("Authorization", "Bearer " + alice.accessToken())
          .contentType(ContentType.JSON)
          .body(offer(bob, call, "audio"))
          .post("/api/signals")
          .then()
          .statusCode(202)
          .body("seq", greaterThan(0));
      JsonPath delivered = b.next("offer");
      assertThat(delivered.getString("from.userId")).isEqualTo(alice.id());
      assertThat(delivered.getString("from.sessionId")).startsWith("http:");

      // Same refusals, as problem+json with the same codes.
      given()
          .header("Authorization", "Bearer " + alice.accessToken())
          .contentType(ContentType.JSON)
          .body(offer(stranger, newCallId(), "audio"))
          .post("/api/signals")
          .then()
          .statusCode(403)
          .contentType("application/problem+json")
          .body("type", equalTo("urn:cybernet-call:problem:not-a-contact"));
      given()
          .header("Authorization", "Bearer " + alice.accessToken())
          .contentType(ContentType.JSON)
          .body(
              "{\"type\":\"answer\",\"to\":\"%s\",\"callId\":\"%s\",\"sealed\":%s}"
                  .formatted(bob.id(), newCallId(), SealedPayloads.json()))
          .post("/api/signals")
          .then()
          .statusCode(404)
          .body("type", equalTo("urn:cybernet-call:problem:call-not-found"));
      given()
          .header("Authorization", "Bearer " + alice.accessToken())
          .contentType(ContentType.JSON)
          .body("{\"type\":\"offer\",\"type\":\"hangup\"}")
          .post("/api/signals")
          .then()
          .statusCode(400)
          .body("type", equalTo("urn:cybernet-call:problem:malformed-json"));
      given()
          .header("Authorization", "Bearer " + alice.accessToken())
          .contentType(ContentType.JSON)
          .body("{\"type\":\"resume\",\"after\":0}")
          .post("/api/signals")
          .then()
          .statusCode(400)
          .body("type", equalTo("urn:cybernet-call:problem:unknown-type"));
      given()
          .contentType(ContentType.JSON)
          .body(offer(bob, newCallId(), "audio"))
          .post("/api/signals")
          .then()
          .statusCode(401);
    }
  }

  @Test
  void longPollingReportedByTheSignalStoreCountsAsOnline() {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    accounts.connect(alice, bob);
    try (SignalingClient a = SignalingClient.browser(base, alice.accessToken())) {
      // Bob has no socket: the welcome over HTTP loads his contacts and shows Alice online.
      JsonPath welcome =
          given()
              .header("Authorization", "Bearer " + bob.accessToken())
              .get("/api/welcome")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      assertThat(welcome.getString("type")).isEqualTo("welcome");
      assertThat(welcome.getString("sessionId")).startsWith("http:");
      assertThat(welcome.getList("presence.userId")).containsExactly(alice.id());
      assertThat(welcome.getList("presence.online")).containsExactly(true);
      // Without a token, or with one that does not verify: the problem, never a bare status.
      for (String authorization :
          List.of("", "Bearer not.a.token", "Bearer " + bob.accessToken() + "x")) {
        given()
            .header("Authorization", authorization)
            .get("/api/welcome")
            .then()
            .statusCode(401)
            .contentType("application/problem+json")
            .header("WWW-Authenticate", "Bearer")
            .body("type", endsWith("unauthenticated"));
      }

      inboxEvent(EventTypes.INBOX_POLLING_STARTED, bob);
      JsonPath online = a.next("presence");
      assertThat(online.getString("userId")).isEqualTo(bob.id());
      assertThat(online.getBoolean("online")).isTrue();
      inboxEvent(EventTypes.INBOX_POLLING_STOPPED, bob);
      JsonPath offline = a.next("presence");
      assertThat(offline.getString("userId")).isEqualTo(bob.id());
      assertThat(offline.getBoolean("online")).isFalse();
    }
  }

  private void inboxEvent(String type, User user) {
    redis.stream(String.class)
        .xadd(
            StreamNames.INBOX_EVENTS,
            EventEntries.of(
                java.util.UUID.randomUUID().toString(),
                type,
                "signal-store-service",
                user.id(),
                "{\"userId\":\"" + user.id() + "\"}"));
  }

  @Test
  void routedSignalsArePublishedForTheSignalStoreExceptCandidatesToLiveWebSockets() {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    accounts.connect(alice, bob);
    try (SignalingClient a = SignalingClient.browser(base, alice.accessToken());
        SignalingClient b = SignalingClient.browser(base, bob.accessToken())) {
      String call = newCallId();
      JsonPath offer = relay(a, b, offer(bob, call, "data"));
      Map<String, String> offerEvent = published(bob, offer);
      assertThat(offerEvent).as("a call-control frame is durable").isNotNull();
      JsonPath data = new JsonPath(offerEvent.get(EventFields.DATA));
      assertThat(data.getString("recipientId")).isEqualTo(bob.id());
      assertThat(data.getString("senderId")).isEqualTo(alice.id());
      assertThat(data.getLong("seq")).isEqualTo(offer.getLong("seq"));
      assertThat(data.getString("keepUntil")).as("usual clean-up for a call's signals").isNull();
      assertThat(data.getString("prevSeq")).isNull();
      assertThat(new JsonPath(data.getString("frame")).getString("id"))
          .isEqualTo(offer.getString("id"));

      relay(b, a, peer("accept", alice, call));
      b.next("call-settled");
      // Bob's only sessions are WebSockets: his candidates live in the replay buffer alone.
      JsonPath first = relay(a, b, candidate(bob, call));
      JsonPath second = relay(a, b, candidate(bob, call));
      assertThat(published(bob, first)).isNull();
      assertThat(published(bob, second)).isNull();
      assertThat(replayBuffer(bob))
          .anySatisfy(frame -> assertThat(frame).contains(first.getString("id")))
          .anySatisfy(frame -> assertThat(frame).contains(second.getString("id")));

      // The next durable frame names the durable one before the candidates, over every transport.
      JsonPath hangup = relay(a, b, peer("hangup", bob, call));
      long lastDurable = second.getLong("seq") - 2;
      assertThat(hangup.getLong("prev")).isEqualTo(lastDurable);
      JsonPath hangupData = new JsonPath(published(bob, hangup).get(EventFields.DATA));
      assertThat(hangupData.getLong("prevSeq")).isEqualTo(lastDurable);
      assertThat(new JsonPath(hangupData.getString("frame")).getLong("prev"))
          .isEqualTo(lastDurable);

      // When Bob also long-polls, a candidate must reach the signal store: it is durable.
      inboxEvent(EventTypes.INBOX_POLLING_STARTED, bob);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  redis
                      .hash(String.class)
                      .hexists(keys.sessions(bob.id()), SessionRegistry.LONG_POLL_SESSION));
      String secondCall = acceptedCall(a, alice, b, bob, "data");
      b.next("call-settled");
      JsonPath toPoller = relay(a, b, candidate(bob, secondCall));
      assertThat(published(bob, toPoller)).as("a candidate to a long-polling user").isNotNull();
      assertThat(toPoller.getString("prev")).isNull();
    }
  }

  @Test
  void aDeviceFallingBackToLongPollReadsTheCandidatesOnlyItsSocketGotFromTheHttpReplay() {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    accounts.connect(alice, bob);
    JsonPath first;
    JsonPath second;
    long offerSeq;
    try (SignalingClient a = SignalingClient.browser(base, alice.accessToken());
        SignalingClient b = SignalingClient.browser(base, bob.accessToken())) {
      String call = newCallId();
      offerSeq = relay(a, b, offer(bob, call, "data")).getLong("seq");
      relay(b, a, peer("accept", alice, call));
      b.next("call-settled");
      // Bob's socket dies before his page processed these: they are in no signal store.
      first = relay(a, b, candidate(bob, call));
      second = relay(a, b, candidate(bob, call));
      assertThat(published(bob, first)).isNull();
    }
    // Bob's page falls back to HTTP and asks for what followed the offer it processed.
    JsonPath replay =
        given()
            .auth()
            .oauth2(bob.accessToken())
            .get(base.resolve("/api/signals/replay?after=" + offerSeq))
            .then()
            .statusCode(200)
            .contentType(ContentType.JSON)
            .extract()
            .jsonPath();
    assertThat(replay.getList("signals.id"))
        .contains(first.getString("id"), second.getString("id"));
    assertThat(replay.getList("signals.seq", Long.class))
        .isSorted()
        .allMatch(seq -> seq > offerSeq);
    assertThat(replay.getLong("lastSeq")).isEqualTo(second.getLong("seq"));
    assertThat(replay.getBoolean("truncated")).isFalse();
    // Only the caller's own signals, as the socket's resume.
    given()
        .auth()
        .oauth2(alice.accessToken())
        .get(base.resolve("/api/signals/replay?after=0"))
        .then()
        .statusCode(200)
        .body("signals.id", not(hasItem(first.getString("id"))));

    for (String after : List.of("-1", "x", "")) {
      given()
          .auth()
          .oauth2(bob.accessToken())
          .get(base.resolve("/api/signals/replay?after=" + after))
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("type", endsWith("invalid-frame"))
          .body("detail", containsString("after"));
    }
    given().get(base.resolve("/api/signals/replay?after=0")).then().statusCode(401);
  }

  /** The recipient's signal.routed event for a delivered frame, or null when none was published. */
  private Map<String, String> published(User recipient, JsonPath delivered) {
    return redis.stream(String.class)
        // In the recipient's shard of the signal stream, beside the recipient's other keys.
        .xrange(keys.signalStream(recipient.id()), StreamRange.of("-", "+"))
        .stream()
        .map(m -> m.payload())
        .filter(e -> delivered.getString("id").equals(e.get(EventFields.ID)))
        .findFirst()
        .orElse(null);
  }

  /** The frames in the recipient's replay buffer, oldest first. */
  private List<String> replayBuffer(User recipient) {
    return redis.stream(String.class)
        .xrange(keys.inbox(recipient.id()), StreamRange.of("-", "+"))
        .stream()
        .map(m -> m.payload().get("f"))
        .toList();
  }

  @Test
  void callsToOfflineOrSilentCalleesBecomeMissedCallEventsOnce() {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    User carol = accounts.create("carol");
    accounts.connect(alice, bob);
    accounts.connect(alice, carol);
    try (SignalingClient a = SignalingClient.browser(base, alice.accessToken());
        SignalingClient c = SignalingClient.browser(base, carol.accessToken())) {
      String toOffline = newCallId();
      a.send(offer(bob, toOffline, "video"));
      String unanswered = newCallId();
      relay(a, c, offer(carol, unanswered, "audio"));
      // The test profile rings for 3 s; then both sides are told, and the call is missed.
      JsonPath timeout = c.next("hangup");
      assertThat(timeout.getString("callId")).isEqualTo(unanswered);
      assertThat(timeout.getString("reason")).isEqualTo("timeout");
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> missed(toOffline).size() == 1 && missed(unanswered).size() == 1);
      assertThat(new JsonPath(missed(toOffline).get(0)).getString("reason")).isEqualTo("offline");
      assertThat(new JsonPath(missed(unanswered).get(0)).getString("reason"))
          .isEqualTo("unanswered");
      assertThat(new JsonPath(missed(unanswered).get(0)).getString("calleeId"))
          .isEqualTo(carol.id());
      // A data session is never a missed call.
    }
  }

  @Test
  void aCallerWhoHangsUpAfterItRangIsAMissedCallAndAMisdialIsNot() throws InterruptedException {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User carol = accounts.create("carol");
    accounts.connect(alice, carol);
    try (SignalingClient a = SignalingClient.browser(base, alice.accessToken());
        SignalingClient c = SignalingClient.browser(base, carol.accessToken())) {
      String rang = newCallId();
      JsonPath offered = relay(a, c, offer(carol, rang, "video"));
      // The offer that starts a call says so, with the server's clock: a device catching up
      // tells a live call from an old one.
      assertThat(offered.getBoolean("newCall")).isTrue();
      assertThat(offered.getLong("at"))
          .isBetween(System.currentTimeMillis() - 5000, System.currentTimeMillis() + 1000);
      relay(c, a, peer("ringing", alice, rang));
      Thread.sleep(1200); // the test profile counts a ring of 1 s as a call, not a misdial
      relay(a, c, peer("hangup", carol, rang));

      String misdialled = newCallId();
      relay(a, c, offer(carol, misdialled, "audio"));
      relay(a, c, peer("hangup", carol, misdialled));

      String declinedByHangUp = newCallId();
      relay(a, c, offer(carol, declinedByHangUp, "audio"));
      Thread.sleep(1200);
      relay(c, a, peer("hangup", alice, declinedByHangUp)); // the callee's own hang-up: a decline

      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> missed(rang).size() == 1);
      assertThat(new JsonPath(missed(rang).get(0)).getString("reason")).isEqualTo("caller-hung-up");
      assertThat(new JsonPath(missed(rang).get(0)).getString("calleeId")).isEqualTo(carol.id());
      Thread.sleep(500);
      assertThat(missed(misdialled)).isEmpty();
      assertThat(missed(declinedByHangUp)).isEmpty();
      assertThat(missed(rang)).hasSize(1);
    }
  }

  @Test
  void logoutClosesTheSessionsSockets() {
    RealAccounts accounts = new RealAccounts(issuer);
    User dave = accounts.create("dave");
    User otherDevice = accounts.login(dave.username());
    try (SignalingClient loggingOut = SignalingClient.browser(base, dave.accessToken());
        SignalingClient staying = SignalingClient.browser(base, otherDevice.accessToken())) {
      accounts.logout(dave);
      assertThat(loggingOut.awaitClose().code()).isEqualTo(1008);
      staying.assertNo("error", 500);
      assertThat(staying.isOpen()).isTrue();
    }
    // The ended session's access token, still unexpired, opens nothing and sends nothing.
    await()
        .atMost(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(dave.accessToken())
                    .contentType("application/json")
                    .body(offer(otherDevice, newCallId(), "data"))
                    .post("/api/signals")
                    .then()
                    .statusCode(401));
    assertThatThrownBy(() -> SignalingClient.browser(base, dave.accessToken()))
        .hasStackTraceContaining("WebSocket upgrade refused with 401");
    try (SignalingClient staying = SignalingClient.browser(base, otherDevice.accessToken())) {
      assertThat(staying.sessionId()).isNotBlank();
    }
  }

  @Test
  void aFreshTokenOverTheSocketKeepsItOpenButNeverSwitchesUser() {
    RealAccounts accounts = new RealAccounts(issuer);
    User erin = accounts.create("erin");
    User frank = accounts.create("frank");
    try (SignalingClient socket = SignalingClient.browser(base, erin.accessToken())) {
      String fresh = accounts.login(erin.username()).accessToken();
      socket.send("{\"type\":\"auth\",\"token\":\"" + fresh + "\"}");
      assertThat(socket.next("authenticated").getString("expiresAt")).isNotBlank();
      socket.send("{\"type\":\"auth\",\"token\":\"garbage\",\"ref\":\"a1\"}");
      JsonPath refused = socket.next("error");
      assertThat(refused.getString("code")).isEqualTo("auth-failed");
      assertThat(socket.isOpen()).isTrue();
      socket.send("{\"type\":\"auth\",\"token\":\"" + frank.accessToken() + "\"}");
      assertThat(socket.next("error").getString("code")).isEqualTo("auth-failed");
      // Still Erin's socket: a new one shows the same user and nothing switched.
      socket.send("{\"type\":\"refresh-ice-servers\"}");
      assertThat(socket.next("ice-servers").getString("iceServers[1].username"))
          .endsWith(":" + erin.id());
    }
  }

  private List<String> missed(String callId) {
    return redis.stream(String.class)
        .xrange(StreamNames.CALL_EVENTS, StreamRange.of("-", "+"))
        .stream()
        .map(m -> m.payload().get(EventFields.DATA))
        .filter(data -> data.contains(callId))
        .toList();
  }
}
