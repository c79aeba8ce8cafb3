package io.cybernetcall.webui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.cybernetcall.testsupport.AuthServiceProcess;
import io.cybernetcall.testsupport.JdkSignalingClient;
import io.cybernetcall.testsupport.RealAccounts;
import io.cybernetcall.testsupport.RealAccounts.User;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The browser's one origin reaches every service by path prefix, WebSocket included. */
@QuarkusTest
@QuarkusTestResource(value = ServicesBehindTheGateway.class, restrictToAnnotatedClass = true)
class GatewayTest {

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
    try (JdkSignalingClient a = new JdkSignalingClient(base, ada.accessToken());
        JdkSignalingClient b = new JdkSignalingClient(base, bob.accessToken())) {
      assertThat(a.welcome.getString("userId")).isEqualTo(ada.id());
      a.send(
          "{\"type\":\"offer\",\"to\":\"%s\",\"callId\":\"%s\",\"media\":\"data\",\"sdp\":\"v=0\"}"
              .formatted(bob.id(), java.util.UUID.randomUUID()));
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
  void aServiceThatIsDownIsABadGatewayNotAHang() {
    given().get("/api/inbox").then().statusCode(502);
    given().get("/api/notifications/preferences").then().statusCode(502);
  }
}
