package io.cybernetcall.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.cybernetcall.auth.model.ProviderSession;
import io.cybernetcall.auth.repository.ProviderSessionRepository;
import io.cybernetcall.auth.service.ProviderTokenSeal;
import io.cybernetcall.auth.service.SessionService;
import io.cybernetcall.auth.support.Accounts;
import io.cybernetcall.auth.support.Accounts.Account;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The identity provider does not answer (nothing listens on its port): people already signed in
 * keep working, the session checks end nothing, sign-in through the provider is refused, and
 * readiness says so without going down.
 */
@QuarkusTest
@TestProfile(SsoProviderDownTest.ProviderDown.class)
class SsoProviderDownTest {

  private static final String SECRET = "a client secret of at least thirty-two characters";

  @Inject ProviderSessionRepository providerSessions;
  @Inject SessionService sessions;

  public static class ProviderDown implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "auth.sso.enabled", "true",
          "auth.sso.issuer", "http://127.0.0.1:1/realms/cybernet",
          "auth.sso.client-id", "cybernet-web",
          "auth.sso.client-secret", SECRET,
          "auth.sso.check-interval", "PT1S");
    }
  }

  @Test
  void signedInPeopleGoOnWhileTheProviderIsDown() throws InterruptedException {
    Account account = Accounts.create("steady");
    UUID session = sessions.sessionOf(account.refreshToken()).orElseThrow();
    // A session as an SSO sign-in leaves it: checked with the provider every second from now on.
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              ProviderSession row = new ProviderSession();
              row.familyId = session;
              row.userId = UUID.fromString(account.id());
              row.issuer = "http://127.0.0.1:1/realms/cybernet";
              row.sealedToken =
                  new ProviderTokenSeal(SECRET).seal("a-provider-refresh-token", session);
              row.createdAt = Instant.now();
              row.nextCheckAt = Instant.now();
              providerSessions.persist(row);
            });

    Thread.sleep(3500); // three checks, each unanswered

    given()
        .contentType(ContentType.JSON)
        .body(Map.of("refreshToken", account.refreshToken()))
        .post("/api/auth/refresh")
        .then()
        .statusCode(200);
    ProviderSession row =
        QuarkusTransaction.requiringNew().call(() -> providerSessions.findById(session));
    assertThat(row).as("still checked, not ended").isNotNull();
    assertThat(row.nextCheckAt).isAfter(Instant.now().minusSeconds(2));
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(org.hamcrest.Matchers.containsString("outcome=\"provider-unreachable\""));
  }

  @Test
  void signInThroughTheProviderIsRefusedAndReadinessSaysWhy() {
    given()
        .header("Authorization", "Bearer not.a.provider-token")
        .post("/api/auth/sso/session")
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .header("Retry-After", "5")
        .body("type", equalTo("urn:cybernet-call:problem:provider-unavailable"));
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.find { it.name == 'identity-provider' }.data.reachable", equalTo(false));
    given().get("/api/auth/sign-in-options").then().statusCode(200).body("password", equalTo(true));
  }
}
