package io.cybernetcall.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.cybernetcall.auth.support.Accounts;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Redis unreachable (a closed port): sign-in cannot be throttled, so it is refused with 503. */
@QuarkusTest
@TestProfile(RedisDownTest.RedisUnreachable.class)
class RedisDownTest {

  public static class RedisUnreachable implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:1", "quarkus.redis.timeout", "2s");
    }
  }

  @Test
  void signInAnswers503WithRetryAfterInsteadOfFailingOpenOrWith500() {
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("username", Accounts.uniqueName("nobody"), "password", "whatever it is 123"))
        .post("/api/auth/login")
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .header("Retry-After", notNullValue())
        .body("type", equalTo("urn:cybernet-call:problem:unavailable"));
  }

  @Test
  void readinessReportsRedisDown() {
    given().get("/q/health/ready").then().statusCode(503);
    given().get("/q/health/live").then().statusCode(200);
  }
}
