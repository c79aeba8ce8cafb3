package io.cybernetcall.webui;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The identity provider does not answer: "Sign in with …" comes back to the app with the reason.
 */
@QuarkusTest
@TestProfile(SsoProviderDownTest.ProviderDown.class)
class SsoProviderDownTest {

  public static class ProviderDown implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "web-ui.sso.enabled", "true",
          // Nothing listens on port 1.
          "web-ui.sso.issuer", "http://127.0.0.1:1/realms/cybernet",
          "web-ui.sso.client-secret", "a client secret of at least thirty-two characters");
    }
  }

  @Test
  void signingInWhileTheProviderIsDownSaysSo() {
    given()
        .redirects()
        .follow(false)
        .get(SsoRoutes.START)
        .then()
        .statusCode(302)
        .header("Location", equalTo("/?sign-in-error=provider-unavailable"));
  }

  @Test
  void readinessNamesTheProviderAndThatItDoesNotAnswerWithoutGoingDown() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body(
            "checks.find { it.name == 'identity-provider' }.data.issuer",
            equalTo("http://127.0.0.1:1/realms/cybernet"))
        .body("checks.find { it.name == 'identity-provider' }.data.reachable", equalTo(false));
  }
}
