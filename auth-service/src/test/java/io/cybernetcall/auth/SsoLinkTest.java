package io.cybernetcall.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.cybernetcall.auth.support.Accounts;
import io.cybernetcall.auth.support.Accounts.Account;
import io.cybernetcall.testsupport.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Joining a provider account to an existing password account takes proof of both: the provider's
 * access token (the person signed in there) and a live session of the account (they signed in to
 * it). Against the real Keycloak; its users grace and heidi are left to these tests.
 */
@QuarkusTest
@TestProfile(SsoLinkTest.WithProvider.class)
class SsoLinkTest {

  public static class WithProvider implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(Keycloak.class));
    }
  }

  private static Response link(String providerToken, String refreshToken) {
    return given()
        .header("Authorization", "Bearer " + providerToken)
        .contentType(ContentType.JSON)
        .body(Map.of("refreshToken", refreshToken))
        .post("/api/auth/sso/link");
  }

  @Test
  void aJoinedProviderAccountSignsInToThePasswordAccount() {
    Account account = Accounts.create("joined");
    String grace = Keycloak.token("grace");

    link(grace, account.refreshToken()).then().statusCode(204);
    // Joining again is a no-op.
    link(grace, account.refreshToken()).then().statusCode(204);

    given()
        .header("Authorization", "Bearer " + Keycloak.token("grace"))
        .post("/api/auth/sso/session")
        .then()
        .statusCode(200)
        .body("user.id", equalTo(account.id()))
        .body("user.username", equalTo(account.username()));
    // The password still works beside it.
    assertThat(Accounts.login(account.username(), Accounts.PASSWORD).id()).isEqualTo(account.id());

    // That provider account never moves to another account here...
    Account other = Accounts.create("other");
    link(Keycloak.token("grace"), other.refreshToken())
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:cybernet-call:problem:identity-linked"));
    // ...and this account takes no second account of the same provider.
    link(Keycloak.token("heidi"), account.refreshToken())
        .then()
        .statusCode(409)
        .body("type", equalTo("urn:cybernet-call:problem:identity-linked"));
  }

  @Test
  void readinessNamesTheProviderAndThatItAnswers() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body(
            "checks.find { it.name == 'identity-provider' }.data.issuer",
            equalTo(Keycloak.issuer(Keycloak.REALM)))
        .body("checks.find { it.name == 'identity-provider' }.data.reachable", equalTo(true));
  }

  @Test
  void joiningWithoutProofOfEitherSideIsRefused() {
    Account account = Accounts.create("unproven");
    // No live session of the account: a made-up token, or one already signed out.
    link(Keycloak.token("heidi"), "not-a-session-token-0123456789")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:cybernet-call:problem:invalid-refresh-token"));
    Account signedOut = Accounts.create("gone");
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("refreshToken", signedOut.refreshToken()))
        .post("/api/auth/logout")
        .then()
        .statusCode(204);
    link(Keycloak.token("heidi"), signedOut.refreshToken()).then().statusCode(401);
    // No provider token, another realm's, or one of auth-service's own.
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("refreshToken", account.refreshToken()))
        .post("/api/auth/sso/link")
        .then()
        .statusCode(401);
    link(Keycloak.token(Keycloak.OTHER_REALM, Keycloak.CLIENT, "mallory"), account.refreshToken())
        .then()
        .statusCode(401);
    link(account.accessToken(), account.refreshToken()).then().statusCode(401);
    // A body that is not one is a clear 400.
    given()
        .header("Authorization", "Bearer " + Keycloak.token("heidi"))
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/api/auth/sso/link")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }
}
