package io.cybernetcall.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import io.cybernetcall.auth.support.Accounts;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Without an identity provider (the default): password sign-in only, and no token is exchanged. */
@QuarkusTest
class SsoNotConfiguredTest {

  @Test
  void theSignInScreenOffersPasswordsOnly() {
    given()
        .get("/api/auth/sign-in-options")
        .then()
        .statusCode(200)
        .body("password", equalTo(true))
        .body("$", not(hasKey("provider")));
  }

  @Test
  void noTokenIsExchangedNotEvenOneOfOurOwn() {
    Accounts.Account account = Accounts.create("nosso");
    given()
        .header("Authorization", account.bearer())
        .post("/api/auth/sso/session")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:cybernet-call:problem:unauthenticated"));
  }
}
