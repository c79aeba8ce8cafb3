package io.cybernetcall.webui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.cybernetcall.testsupport.AuthServiceProcess;
import io.cybernetcall.testsupport.RealAccounts;
import io.cybernetcall.testsupport.RealAccounts.User;
import io.cybernetcall.testsupport.SealedPayloads;
import io.cybernetcall.testsupport.SignalingClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The browser's one origin reaches every service by path prefix, WebSocket included. */
@QuarkusTest
@QuarkusTestResource(value = ServicesBehindTheGateway.class, restrictToAnnotatedClass = true)
class GatewayTest {

  /** The test's page origin (web-ui.allowed-origins in the test profile). */
  private static final String ORIGIN = "http://localhost:18080";

  @TestHTTPResource("/")
  URI gateway;

  @ConfigProperty(name = AuthServiceProcess.ISSUER_PROPERTY)
  String issuer;

  @Test
  void authServiceAnswersThroughTheGateway() {
    given()
        .get("/.well-known/openid-configuration")
        .then()
        .statusCode(200)
        .body("issuer", equalTo(issuer));
    // Accounts made and used entirely through the gateway.
    RealAccounts viaGateway = new RealAccounts(gateway.toString().replaceAll("/$", ""));
    User ada = viaGateway.create("ada");
    given()
        .auth()
        .oauth2(ada.accessToken())
        .get("/api/auth/me")
        .then()
        .statusCode(200)
        .body("username", equalTo(ada.username()));
  }

  @Test
  void theSignalingWebSocketUpgradesThroughTheGatewayWithItsTokenAndOrigin() throws Exception {
    RealAccounts accounts = new RealAccounts(issuer);
    User ada = accounts.create("ada");
    User bob = accounts.create("bob");
    accounts.connect(ada, bob);
    String base = gateway.toString().replaceAll("/$", "");
    try (SignalingClient a = SignalingClient.connect(base, ada.accessToken());
        SignalingClient b = SignalingClient.connect(base, bob.accessToken())) {
      assertThat(a.welcome.getString("userId")).isEqualTo(ada.id());
      a.send(
          "{\"type\":\"offer\",\"to\":\"%s\",\"callId\":\"%s\",\"media\":\"data\",\"sealed\":%s}"
              .formatted(bob.id(), java.util.UUID.randomUUID(), SealedPayloads.json()));
      assertThat(b.next("offer").getString("from.userId")).isEqualTo(ada.id());
    }
    // HTTP send reaches signaling too, with its own refusals.
    given()
        .contentType("application/json")
        .body("{}")
        .post("/api/signals")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
  }

  @Test
  void theSessionKeepsTheRefreshTokenInAnHttpOnlyCookieThatNoScriptCanRead() {
    User ada = new RealAccounts(issuer).create("ada");
    io.restassured.response.Response login =
        given()
            .header("Origin", ORIGIN)
            .contentType("application/json")
            .body(Map.of("username", ada.username(), "password", RealAccounts.PASSWORD))
            .post("/session/login");
    login.then().statusCode(200).header("Cache-Control", "no-store");
    assertThat(login.jsonPath().getString("accessToken")).isNotBlank();
    assertThat(login.jsonPath().getString("user.username")).isEqualTo(ada.username());
    assertThat(login.jsonPath().getMap("$")).doesNotContainKeys("refreshToken", "refreshExpiresIn");
    String setCookie = login.header("Set-Cookie");
    assertThat(setCookie)
        .startsWith(SessionRoutes.COOKIE + "=")
        .containsIgnoringCase("HttpOnly")
        .contains("Secure", "SameSite=Strict", "Path=/session", "Max-Age=");
    String first = login.cookie(SessionRoutes.COOKIE);

    // A reload: the cookie alone gives a fresh access token and a rotated refresh token.
    io.restassured.response.Response refreshed =
        given()
            .header("Origin", ORIGIN)
            .cookie(SessionRoutes.COOKIE, first)
            .post("/session/refresh");
    refreshed.then().statusCode(200);
    String second = refreshed.cookie(SessionRoutes.COOKIE);
    assertThat(second).isNotBlank().isNotEqualTo(first);
    given()
        .auth()
        .oauth2(refreshed.jsonPath().getString("accessToken"))
        .get("/api/auth/me")
        .then()
        .statusCode(200);

    // Sign-out revokes the session at auth-service and expires the cookie.
    io.restassured.response.Response logout =
        given()
            .header("Origin", ORIGIN)
            .cookie(SessionRoutes.COOKIE, second)
            .post("/session/logout");
    logout.then().statusCode(204);
    assertThat(logout.header("Set-Cookie")).contains("Max-Age=0");
    given()
        .header("Origin", ORIGIN)
        .cookie(SessionRoutes.COOKIE, second)
        .post("/session/refresh")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:cybernet-call:problem:invalid-refresh-token"));
  }

  @Test
  void theSessionRefusesOtherOriginsMissingCookiesAndBadBodies() {
    given()
        .header("Origin", "https://evil.example")
        .cookie(SessionRoutes.COOKIE, "anything")
        .post("/session/refresh")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:cybernet-call:problem:forbidden-origin"))
        .body("publicUrl", equalTo(ORIGIN)); // where the client sends the person instead
    // Local names are a development setting, off here as in production.
    given()
        .header("Origin", "http://127.0.0.1:18080")
        .post("/session/refresh")
        .then()
        .statusCode(403)
        .body("publicUrl", equalTo(ORIGIN));
    given()
        .post("/session/refresh")
        .then()
        .statusCode(403); // no Origin at all: not a browser on this site
    given()
        .header("Origin", ORIGIN)
        .post("/session/refresh")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:cybernet-call:problem:no-session"));
    // Anything but one JSON object with each key once is auth-service's 400, relayed, never a 500.
    for (String notOneObject :
        List.of(
            "[1,2",
            "[1]",
            "\"s\"",
            "42",
            "true",
            "",
            "{\"username\":\"ada\",\"username\":\"eve\",\"password\":\"x\"}")) {
      given()
          .header("Origin", ORIGIN)
          .contentType("application/json")
          .body(notOneObject)
          .post("/session/login")
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("status", equalTo(400))
          .header("Set-Cookie", nullValue());
    }
    // A body that does not say it is JSON is what a cross-site form sends without a preflight.
    for (String contentType : List.of("text/plain", "application/x-www-form-urlencoded")) {
      given()
          .header("Origin", ORIGIN)
          .contentType(contentType)
          .body("{\"username\":\"ada\",\"password\":\"x\"}")
          .post("/session/login")
          .then()
          .statusCode(415)
          .contentType("application/problem+json")
          .body("type", equalTo("urn:cybernet-call:problem:unsupported-media-type"));
    }
    given()
        .header("Origin", ORIGIN)
        .contentType("application/json")
        .body(Map.of("username", "nobody-" + java.util.UUID.randomUUID(), "password", "wrong"))
        .post("/session/login")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:cybernet-call:problem:invalid-credentials"));
  }

  @Test
  void theClientIsServedWithAStrictContentSecurityPolicyAndItsLinkPages() {
    for (String path : new String[] {"/", "/verify-email", "/reset-password"}) {
      String page =
          given()
              .get(path + "?token=abc")
              .then()
              .statusCode(200)
              .contentType(containsString("text/html"))
              .header(
                  "Content-Security-Policy",
                  containsString("script-src 'self' 'wasm-unsafe-eval';"))
              .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
              .header("X-Content-Type-Options", "nosniff")
              .extract()
              .asString();
      assertThat(page).contains("<script type=\"module\" src=\"/js/app.js\"></script>");
      assertThat(page)
          .doesNotContainPattern("<script>|<script type=\"module\">|\\sstyle=\"|\\son[a-z]+=\"");
    }
    given()
        .get("/manifest.webmanifest")
        .then()
        .statusCode(200)
        .contentType("application/manifest+json")
        .body("icons.size()", equalTo(3));
    given().get("/sw.js").then().statusCode(200);
  }

  @Test
  void aServiceThatIsDownIsABadGatewayNotAHang() {
    given().get("/api/inbox").then().statusCode(502);
    given().get("/api/notifications/preferences").then().statusCode(502);
  }
}
