package io.cybernetcall.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.cybernetcall.auth.support.Accounts;
import io.cybernetcall.testsupport.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An SSO-only installation (auth.sso.only): no passwords in, the provider only. */
@QuarkusTest
@TestProfile(SsoOnlyTest.SsoOnly.class)
class SsoOnlyTest {

  private static final String PROBLEM = "application/problem+json";

  public static class SsoOnly implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("auth.sso.only", "true");
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(Keycloak.class));
    }
  }

  @Test
  void registrationAndPasswordSignInAreRefusedWithAReason() {
    given()
        .contentType(ContentType.JSON)
        .body(Accounts.registration(Accounts.uniqueName("pw")))
        .post("/api/auth/register")
        .then()
        .statusCode(403)
        .contentType(PROBLEM)
        .body("type", equalTo("urn:cybernet-call:problem:password-sign-in-disabled"));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("username", "someone", "password", Accounts.PASSWORD))
        .post("/api/auth/login")
        .then()
        .statusCode(403)
        .contentType(PROBLEM)
        .body("type", equalTo("urn:cybernet-call:problem:password-sign-in-disabled"));
  }

  @Test
  void theSignInScreenOffersTheProviderOnly() {
    given()
        .get("/api/auth/sign-in-options")
        .then()
        .statusCode(200)
        .body("password", equalTo(false))
        .body("provider.name", equalTo("single sign-on"));
  }

  @Test
  void theProviderStillSignsPeopleIn() {
    given()
        .header("Authorization", "Bearer " + Keycloak.token("dave"))
        .post("/api/auth/sso/session")
        .then()
        .statusCode(200)
        .body("accessToken", not(emptyOrNullString()));
  }
}
