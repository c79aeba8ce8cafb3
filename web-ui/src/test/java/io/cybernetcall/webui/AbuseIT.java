package io.cybernetcall.webui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.cybernetcall.testsupport.RawWebSocket;
import io.cybernetcall.testsupport.RealAccounts;
import io.cybernetcall.testsupport.RealAccounts.User;
import io.cybernetcall.testsupport.SealedPayloads;
import io.cybernetcall.testsupport.SignalingClient;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The project's own abuse suite: what an outside attacker tried against the running stack
 * (docs/reliability.md), repeated on every build against the real services behind the one origin
 * (Redis database 10). Each case names the defect it guards against.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AbuseIT {

  private static final List<String> INTERNALS =
      List.of(
          "java.",
          "javax.",
          "jakarta.",
          "io.cybernetcall",
          "com.fasterxml",
          "jackson",
          "Exception",
          "class ",
          "`");

  private BrowserStack stack;
  private RealAccounts accounts;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void startTheStack() throws Exception {
    stack = new BrowserStack("10", Map.of());
    accounts = new RealAccounts(stack.issuer());
  }

  @AfterAll
  void stopTheStack() {
    if (stack != null) {
      stack.close();
    }
  }

  /** Logging out stopped nothing: the access token kept working for its remaining life. */
  @Test
  void anEndedSessionsTokenIsRefusedEverywhereWithinASecond() {
    User ada = accounts.create("ada");
    User bob = accounts.create("bob");
    accounts.connect(ada, bob);
    User otherDevice = accounts.login(ada.username());

    accounts.logout(ada);

    await()
        .atMost(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              gateway(ada).get("/api/auth/me").then().statusCode(401);
              gateway(ada).get("/api/inbox?after=0").then().statusCode(401);
              gateway(ada)
                  .contentType("application/json")
                  .body(offerTo(bob))
                  .post("/api/signals")
                  .then()
                  .statusCode(401);
            });
    assertThatThrownBy(
            () -> SignalingClient.connect(stack.webUiUrl(), ada.accessToken(), stack.webUiUrl()))
        .hasStackTraceContaining("WebSocket upgrade refused with 401");
    gateway(otherDevice).get("/api/auth/me").then().statusCode(200);
    gateway(otherDevice).get("/api/inbox?after=0").then().statusCode(200);
  }

  /** Bodies without a Content-Type were read as JSON: a cross-site request needs no preflight. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/api/signals       | {\"type\":\"hangup\",\"to\":\"00000000-0000-0000-0000-000000000000\",\"callId\":\"c\"}",
        "/api/inbox/ack     | {\"seq\":1}",
        "/api/auth/login    | {\"username\":\"x\",\"password\":\"y\"}",
        "/api/contacts/requests | {\"username\":\"x\"}",
      })
  void aBodyWithoutAContentTypeIsRefused(String path, String body) throws Exception {
    User eve = accounts.create("eve");
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(stack.webUiUrl() + path))
                .header("Authorization", "Bearer " + eve.accessToken())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).isEqualTo(415);
    assertThat(new JsonPath(answer.body()).getString("type"))
        .isEqualTo("urn:cybernet-call:problem:unsupported-media-type");
  }

  /** Error bodies named classes and library settings on all four services. */
  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "POST | /api/auth/register     | {\"username\":\"x\",\"admin\":true}",
        "POST | /api/auth/register     | [1]",
        "POST | /api/auth/register     | {\"username\":{\"a\":1}}",
        "POST | /api/auth/login        | \"s\"",
        "POST | /api/auth/refresh      | {\"refreshToken\":1}",
        "POST | /api/contacts/requests | {\"username\":[1]}",
        "POST | /api/signals           | {\"type\":\"offer\",\"to\":123}",
        "POST | /api/signals           | [1]",
        "POST | /api/signals           | {\"type\":\"ack\",\"type\":\"ack\"}",
        "POST | /api/inbox/ack         | {\"seq\":\"x\"}",
        "POST | /api/inbox/ack         | []",
        "GET  | /api/inbox?after=abc   | ",
        "POST | /api/contacts/not-a-uuid/accept | ",
        "POST | /session/login         | {\"username\":\"x\",\"username\":\"y\",\"password\":\"z\"}",
      })
  void anErrorNamesNoClassOrLibrary(String method, String path, String body) {
    User eve = accounts.create("eve");
    Response answer =
        gateway(eve)
            .header("Origin", stack.webUiUrl())
            .contentType("application/json")
            .body(body == null ? "" : body)
            .request(method, path);

    assertThat(answer.statusCode()).as(answer.asString()).isBetween(400, 499);
    assertThat(answer.asString()).as("%s %s", method, path).doesNotContain(INTERNALS);
  }

  @Test
  void aDeeplyNestedBodyIsRefusedPlainly() {
    User eve = accounts.create("eve");
    String deep = "{\"type\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
    for (String path : List.of("/api/signals", "/api/auth/login", "/api/inbox/ack")) {
      Response answer = gateway(eve).contentType("application/json").body(deep).post(path);
      // 400, or 413 where the service's body limit is smaller than the nesting.
      assertThat(answer.statusCode()).as(path).isIn(400, 413);
      assertThat(answer.asString()).as(path).doesNotContain(INTERNALS);
    }
  }

  /**
   * A body over a service's limit came back as 502 now and then: the service refused it unread and
   * closed the connection under the gateway's proxy, which was still sending it.
   */
  @Test
  void aBodyOverTheServicesLimitIsRefusedAtTheGatewayEveryTime() {
    User eve = accounts.create("eve");
    String overOneKibibyte = "{\"seq\":1,\"pad\":\"" + "x".repeat(2_000) + "\"}";
    for (int attempt = 0; attempt < 20; attempt++) {
      gateway(eve)
          .contentType("application/json")
          .body(overOneKibibyte)
          .post("/api/inbox/ack")
          .then()
          .statusCode(413)
          .contentType("application/problem+json")
          .body("type", equalTo("urn:cybernet-call:problem:payload-too-large"));
    }
    gateway(eve).get("/api/inbox?after=0").then().statusCode(200);
  }

  /** The discovery document followed the Host header. */
  @Test
  void discoveryBuildsEveryUrlFromTheIssuerWhateverTheHost() {
    for (String base : List.of(stack.issuer(), stack.webUiUrl())) {
      given()
          .baseUri(base)
          .header("Host", "evil.example")
          .get("/.well-known/openid-configuration")
          .then()
          .statusCode(200)
          .header("Cache-Control", org.hamcrest.Matchers.containsString("max-age"))
          .body("jwks_uri", org.hamcrest.Matchers.startsWith(stack.issuer()))
          .body("issuer", equalTo(stack.issuer()));
    }
  }

  /** One text frame over 64 KiB dropped the connection without a close frame (1006). */
  @Test
  void anOversizedFrameIsClosedWith1009AndABinaryFrameWith1003() throws Exception {
    User eve = accounts.create("eve");
    URI signaling = URI.create(stack.serviceUrl("signaling"));
    try (RawWebSocket raw =
        RawWebSocket.connect(signaling, "/ws/signal", eve.accessToken(), stack.webUiUrl())) {
      raw.sendOneFrame("{\"type\":\"ack\",\"seq\":1,\"ref\":\"" + "x".repeat(100 * 1024) + "\"}");
      assertThat(raw.awaitCloseCode()).isEqualTo(1009);
    }
    try (SignalingClient client =
        SignalingClient.connect(stack.webUiUrl(), eve.accessToken(), stack.webUiUrl())) {
      client.sendBinary(new byte[] {1, 2, 3});
      assertThat(client.awaitClose().code()).isEqualTo(1003);
    }
  }

  /** Refusals carried no ref, and nothing told a client which frames the server took. */
  @Test
  void everyRoutedFrameIsAcceptedOrRefusedByItsRef() {
    User ada = accounts.create("ada");
    User bob = accounts.create("bob");
    accounts.connect(ada, bob);
    try (SignalingClient a =
        SignalingClient.connect(stack.webUiUrl(), ada.accessToken(), stack.webUiUrl())) {
      int frames = 160;
      // Call ids of their own: Redis database 10 keeps calls of earlier runs for hours.
      String calls = UUID.randomUUID().toString().substring(0, 8);
      for (int i = 0; i < frames; i++) {
        a.send(
            "{\"type\":\"offer\",\"to\":\"%s\",\"callId\":\"%s-%d\",\"media\":\"data\",\"sealed\":%s,\"ref\":\"f%d\"}"
                .formatted(bob.id(), calls, i, SealedPayloads.json(), i));
      }
      java.util.Set<String> answered = new java.util.HashSet<>();
      for (int i = 0; i < frames; i++) {
        JsonPath reply = a.nextAny(10_000);
        assertThat(reply).as("an answer for every frame").isNotNull();
        String type = reply.getString("type");
        if ("error".equals(type)) {
          assertThat(reply.getString("code")).isEqualTo("rate-limited");
        } else {
          assertThat(type).isEqualTo("accepted");
        }
        answered.add(reply.getString("ref"));
      }
      assertThat(answered).hasSize(frames);
    }
  }

  private io.restassured.specification.RequestSpecification gateway(User user) {
    return given().baseUri(stack.webUiUrl()).auth().oauth2(user.accessToken());
  }

  private static String offerTo(User to) {
    return "{\"type\":\"offer\",\"to\":\"%s\",\"callId\":\"%s\",\"media\":\"data\",\"sealed\":%s}"
        .formatted(to.id(), UUID.randomUUID(), SealedPayloads.json());
  }
}
