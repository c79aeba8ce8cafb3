package io.cybernetcall.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.cybernetcall.auth.support.Accounts;
import io.cybernetcall.auth.support.EventLog;
import io.cybernetcall.contracts.events.EventTypes;
import io.cybernetcall.contracts.events.StreamNames;
import io.cybernetcall.testsupport.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Single sign-on against a real Keycloak (scripts/keycloak.sh, realm deploy/keycloak): the
 * provider's access token is exchanged for a session here, its first use provisions an account
 * keyed by issuer and subject, and tokens from another realm, for another audience or expired are
 * refused.
 */
@QuarkusTest
@TestProfile(SsoSignInTest.WithKeycloak.class)
class SsoSignInTest {

  private static final String PROBLEM = "application/problem+json";

  @Inject EventLog events;

  public static class WithKeycloak implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(Keycloak.class));
    }
  }

  static Response exchange(String providerToken) {
    return given().header("Authorization", "Bearer " + providerToken).post("/api/auth/sso/session");
  }

  static Map<String, Object> me(String accessToken) {
    return given()
        .header("Authorization", "Bearer " + accessToken)
        .get("/api/auth/me")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getMap("$");
  }

  @Test
  void theFirstSignInProvisionsAnAccountAndTheNextOnesReturnToIt() {
    String first =
        exchange(Keycloak.token("carol"))
            .then()
            .statusCode(200)
            .body("accessToken", not(emptyOrNullString()))
            .body("refreshToken", not(emptyOrNullString()))
            .extract()
            .path("accessToken");
    Map<String, Object> account = me(first);
    assertThat(account)
        .containsEntry("username", "carol")
        .containsEntry("displayName", "Carol Keycloak")
        .containsEntry("email", "carol@example.test")
        .containsEntry("emailVerified", true);

    String second =
        exchange(Keycloak.token("carol")).then().statusCode(200).extract().path("accessToken");
    assertThat(me(second).get("id")).isEqualTo(account.get("id"));

    // Provisioned once: one registration event, and no verification email (the provider vouches
    // for the address).
    String id = (String) account.get("id");
    assertThat(events.awaitExactly(StreamNames.USER_EVENTS, EventTypes.USER_REGISTERED, id, 1))
        .hasSize(1);
    assertThat(
            events.awaitExactly(
                StreamNames.USER_EVENTS, EventTypes.USER_EMAIL_VERIFICATION_REQUESTED, id, 0))
        .isEmpty();
  }

  @Test
  void aTakenUsernameGetsTheNextFreeOneAndTheAccountsStaySeparate() {
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "username",
                "dave",
                "email",
                "dave.password@example.test",
                "displayName",
                "Dave Password",
                "password",
                Accounts.PASSWORD))
        .post("/api/auth/register")
        .then()
        .statusCode(201);
    String token =
        exchange(Keycloak.token("dave")).then().statusCode(200).extract().path("accessToken");
    assertThat(me(token))
        .containsEntry("username", "dave-2")
        .containsEntry("email", "dave@example.test");
    // The password account is untouched and still signs in with its password.
    assertThat(me(Accounts.login("dave", Accounts.PASSWORD).accessToken()))
        .containsEntry("username", "dave");
  }

  @Test
  void anExistingAccountWithTheSameEmailIsNeverTakenOver() {
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "username",
                "erin-pw",
                "email",
                "erin@example.test",
                "displayName",
                "Erin",
                "password",
                Accounts.PASSWORD))
        .post("/api/auth/register")
        .then()
        .statusCode(201);
    for (int attempt = 0; attempt < 2; attempt++) {
      exchange(Keycloak.token("erin"))
          .then()
          .statusCode(409)
          .contentType(PROBLEM)
          .body("type", equalTo("urn:cybernet-call:problem:account-exists"))
          .body("detail", not(emptyOrNullString()));
    }
    assertThat(me(Accounts.login("erin-pw", Accounts.PASSWORD).accessToken()))
        .containsEntry("username", "erin-pw");
  }

  @Test
  void aProvisionedAccountHasNoPasswordToSignInOrResetWith() {
    String token =
        exchange(Keycloak.token("carol")).then().statusCode(200).extract().path("accessToken");
    String id = (String) me(token).get("id");
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("username", "carol", "password", "any password at all"))
        .post("/api/auth/login")
        .then()
        .statusCode(401);
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("email", "carol@example.test"))
        .post("/api/auth/password-reset")
        .then()
        .statusCode(202);
    assertThat(
            events.awaitExactly(
                StreamNames.USER_EVENTS, EventTypes.USER_PASSWORD_RESET_REQUESTED, id, 0))
        .isEmpty();
  }

  @Test
  void tokensFromAnotherRealmForAnotherAudienceOrExpiredAreRefused() throws InterruptedException {
    refused(exchange(Keycloak.token(Keycloak.OTHER_REALM, Keycloak.CLIENT, "mallory")));
    refused(exchange(Keycloak.token(Keycloak.REALM, Keycloak.CLIENT_WITHOUT_AUDIENCE, "carol")));
    String expiring = Keycloak.token(Keycloak.REALM, Keycloak.CLIENT_EXPIRING, "carol");
    Thread.sleep(3500);
    refused(exchange(expiring));
    refused(exchange("not-a-token"));
    refused(given().post("/api/auth/sso/session"));
  }

  private static void refused(Response response) {
    response
        .then()
        .statusCode(401)
        .contentType(PROBLEM)
        .body("type", equalTo("urn:cybernet-call:problem:unauthenticated"));
  }

  @Test
  void aCybernetTokenIsNotAProviderToken() {
    Accounts.Account account = Accounts.create("ssox");
    refused(exchange(account.accessToken()));
  }
}
