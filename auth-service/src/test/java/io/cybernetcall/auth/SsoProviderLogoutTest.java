package io.cybernetcall.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.cybernetcall.auth.model.ProviderSession;
import io.cybernetcall.auth.repository.ProviderSessionRepository;
import io.cybernetcall.auth.support.Accounts;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Signing out on either side ends the session on both, against the real Keycloak: signing out here
 * hands back the provider's end-session endpoint with the sign-in's ID token (RP-initiated logout);
 * an administrator ending the person's sessions at Keycloak ends them here at once (back-channel
 * logout), long before the periodic check (an hour here) would.
 */
@QuarkusTest
@TestProfile(SsoProviderLogoutTest.CheckedHourly.class)
class SsoProviderLogoutTest {

  @Inject EventLog events;
  @Inject ProviderSessionRepository providerSessions;

  @ConfigProperty(name = "quarkus.http.test-port")
  int port;

  public static class CheckedHourly implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("auth.sso.check-interval", "PT1H");
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(Keycloak.class));
    }
  }

  @BeforeEach
  void keycloakSendsBackChannelLogoutsHere() {
    Keycloak.setBackChannelLogoutUrl(
        Keycloak.REALM, Keycloak.CLIENT, "http://localhost:" + port + "/api/auth/provider-logout");
  }

  private static Map<String, Object> providerSignIn(String username) {
    return Keycloak.tokens(Keycloak.REALM, Keycloak.CLIENT, username);
  }

  private static JsonPath session(Map<String, Object> provider) {
    return given()
        .header("Authorization", "Bearer " + provider.get("access_token"))
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "providerRefreshToken", provider.get("refresh_token"),
                "providerIdToken", provider.get("id_token")))
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
  void signingOutOfAnSsoSessionSaysWhereToSignOutAtTheProvider() {
    Map<String, Object> provider = providerSignIn("carol");
    String refreshToken = session(provider).getString("refreshToken");

    JsonPath logout =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("refreshToken", refreshToken))
            .post("/api/auth/logout")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    assertThat(logout.getString("providerLogout.endSessionEndpoint"))
        .isEqualTo(Keycloak.issuer(Keycloak.REALM) + "/protocol/openid-connect/logout");
    assertThat(logout.getString("providerLogout.idTokenHint")).isEqualTo(provider.get("id_token"));
    refresh(refreshToken).then().statusCode(401);
    // Signing out again finds no session: nothing to hand back.
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("refreshToken", refreshToken))
        .post("/api/auth/logout")
        .then()
        .statusCode(204);
  }

  @Test
  void theIdTokenIsStoredSealedWithTheProvidersSessionId() {
    Map<String, Object> provider = providerSignIn("carol");
    String userId = session(provider).getString("user.id");
    List<ProviderSession> rows =
        QuarkusTransaction.requiringNew()
            .call(() -> providerSessions.list("userId", UUID.fromString(userId)));
    ProviderSession row = rows.get(rows.size() - 1);
    String idToken = (String) provider.get("id_token");
    assertThat(new String(row.sealedIdToken, StandardCharsets.ISO_8859_1))
        .doesNotContain(idToken.substring(10, 40));
    assertThat(row.providerSid).isNotBlank();
  }

  @Test
  void sessionsEndedAtTheProviderEndHereAtOnce() {
    JsonPath first = session(providerSignIn("dave"));
    JsonPath second = session(providerSignIn("dave"));
    String userId = first.getString("user.id");

    Keycloak.signOutEverywhere(Keycloak.REALM, "dave");

    List<Map<String, String>> revoked =
        events.awaitExactly(StreamNames.USER_EVENTS, EventTypes.USER_SESSIONS_REVOKED, userId, 2);
    assertThat(revoked)
        .allSatisfy(e -> assertThat(e.get(EventFields.DATA)).contains("provider-ended"));
    refresh(first.getString("refreshToken")).then().statusCode(401);
    refresh(second.getString("refreshToken")).then().statusCode(401);
  }

  @Test
  void whatIsNotAVerifiedLogoutTokenIsRefusedAndEndsNothing() {
    JsonPath session = session(providerSignIn("carol"));
    Map<String, Object> provider = providerSignIn("carol");
    for (String token :
        List.of(
            "not-a-token",
            // Signed by the provider, but an access token for the API (aud cybernet-call), not a
            // logout token addressed to our client.
            (String) provider.get("access_token"),
            // Addressed to our client, but an ID token: no back-channel logout event.
            (String) provider.get("id_token"),
            // Another realm's.
            (String)
                Keycloak.tokens(Keycloak.OTHER_REALM, Keycloak.CLIENT, "mallory")
                    .get("id_token"))) {
      given()
          .contentType(ContentType.URLENC)
          .formParam("logout_token", token)
          .post("/api/auth/provider-logout")
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("type", equalTo("urn:cybernet-call:problem:invalid-logout-token"));
    }
    given()
        .contentType(ContentType.URLENC)
        .formParam("other", "x")
        .post("/api/auth/provider-logout")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .contentType(ContentType.URLENC)
        .formParam("logout_token", "x".repeat(9000))
        .post("/api/auth/provider-logout")
        .then()
        .statusCode(413)
        .contentType("application/problem+json");
    refresh(session.getString("refreshToken")).then().statusCode(200);
  }

  @Test
  void aPasswordSessionSignsOutWithNothingToHandBack() {
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("refreshToken", Accounts.create("pw").refreshToken()))
        .post("/api/auth/logout")
        .then()
        .statusCode(204);
  }
}
