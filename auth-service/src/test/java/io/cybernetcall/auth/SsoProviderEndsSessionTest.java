package io.cybernetcall.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.cybernetcall.auth.model.ProviderSession;
import io.cybernetcall.auth.repository.ProviderSessionRepository;
import io.cybernetcall.auth.support.EventLog;
import io.cybernetcall.contracts.events.EventFields;
import io.cybernetcall.contracts.events.EventTypes;
import io.cybernetcall.contracts.events.StreamNames;
import io.cybernetcall.testsupport.Keycloak;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A person the provider disables is signed out here: auth-service keeps the provider's refresh
 * token (sealed) and asks the real Keycloak about it every check interval (1 s here).
 */
@QuarkusTest
@TestProfile(SsoProviderEndsSessionTest.CheckedEverySecond.class)
class SsoProviderEndsSessionTest {

  @Inject EventLog events;
  @Inject ProviderSessionRepository providerSessions;

  public static class CheckedEverySecond implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("auth.sso.check-interval", "PT1S");
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(Keycloak.class));
    }
  }

  private static JsonPath signIn(String username) {
    Map<String, Object> provider = Keycloak.tokens(Keycloak.REALM, Keycloak.CLIENT, username);
    return given()
        .header("Authorization", "Bearer " + provider.get("access_token"))
        .contentType(ContentType.JSON)
        .body(Map.of("providerRefreshToken", provider.get("refresh_token")))
        .post("/api/auth/sso/session")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static io.restassured.response.Response refresh(String refreshToken) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("refreshToken", refreshToken))
        .post("/api/auth/refresh");
  }

  @Test
  void aUserDisabledAtTheProviderIsSignedOutHereWithinTheCheckInterval()
      throws InterruptedException {
    JsonPath session = signIn("frank");
    String userId = session.getString("user.id");
    // Checked several times while the provider says the session lives: it goes on.
    Thread.sleep(3000);
    String rotated =
        refresh(session.getString("refreshToken"))
            .then()
            .statusCode(200)
            .extract()
            .path("refreshToken");
    Keycloak.setEnabled(Keycloak.REALM, "frank", false);
    try {
      List<Map<String, String>> revoked =
          events.awaitExactly(StreamNames.USER_EVENTS, EventTypes.USER_SESSIONS_REVOKED, userId, 1);
      assertThat(revoked.get(0).get(EventFields.DATA)).contains("provider-ended");
      refresh(rotated).then().statusCode(401).contentType("application/problem+json");
    } finally {
      Keycloak.setEnabled(Keycloak.REALM, "frank", true);
    }
  }

  @Test
  void theProviderTokenIsStoredSealed() {
    Map<String, Object> provider = Keycloak.tokens(Keycloak.REALM, Keycloak.CLIENT, "carol");
    String refreshToken = (String) provider.get("refresh_token");
    String userId =
        given()
            .header("Authorization", "Bearer " + provider.get("access_token"))
            .contentType(ContentType.JSON)
            .body(Map.of("providerRefreshToken", refreshToken))
            .post("/api/auth/sso/session")
            .then()
            .statusCode(200)
            .extract()
            .path("user.id");
    List<ProviderSession> rows =
        QuarkusTransaction.requiringNew()
            .call(() -> providerSessions.list("userId", UUID.fromString(userId)));
    assertThat(rows).hasSize(1);
    String stored = new String(rows.get(0).sealedToken, StandardCharsets.ISO_8859_1);
    assertThat(stored).doesNotContain(refreshToken.substring(10, 40));
  }

  @Test
  void anOversizedProviderTokenIsRefusedAndStartsNoSession() {
    given()
        .header("Authorization", "Bearer " + Keycloak.token("dave"))
        .contentType(ContentType.JSON)
        .body(Map.of("providerRefreshToken", "x".repeat(9000)))
        .post("/api/auth/sso/session")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400));
  }
}
