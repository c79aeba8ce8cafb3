package io.cybernetcall.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.cybernetcall.auth.support.Accounts;
import io.cybernetcall.auth.support.Accounts.Account;
import io.cybernetcall.auth.support.EventLog;
import io.cybernetcall.auth.support.Throttling;
import io.cybernetcall.contracts.events.EventFields;
import io.cybernetcall.contracts.events.EventTypes;
import io.cybernetcall.contracts.events.StreamNames;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Email verification and password reset, with the tokens taken from the published events. */
@QuarkusTest
class EmailTokenFlowsTest {

  private static final String PROBLEM = "application/problem+json";

  @Inject EventLog events;
  @Inject EntityManager entityManager;
  @Inject RedisDataSource redis;

  @AfterEach
  void forgetFailures() {
    Throttling.forgetAllFailures(redis);
  }

  @Test
  void verificationLinkVerifiesOnceOnly() {
    Account account = Accounts.create("verify");
    String token = latestToken(EventTypes.USER_EMAIL_VERIFICATION_REQUESTED, account.id(), 1);

    post("/api/auth/verify-email", Map.of("token", token)).then().statusCode(204);
    me(account).then().body("emailVerified", equalTo(true));
    post("/api/auth/verify-email", Map.of("token", token))
        .then()
        .statusCode(400)
        .contentType(PROBLEM)
        .body("type", equalTo("urn:cybernet-call:problem:invalid-token"));
  }

  @Test
  void resendReplacesTheEarlierLink() {
    Account account = Accounts.create("resend");
    String first = latestToken(EventTypes.USER_EMAIL_VERIFICATION_REQUESTED, account.id(), 1);
    given()
        .header("Authorization", account.bearer())
        .post("/api/auth/verify-email/resend")
        .then()
        .statusCode(202);
    String second = latestToken(EventTypes.USER_EMAIL_VERIFICATION_REQUESTED, account.id(), 2);
    assertThat(second).isNotEqualTo(first);

    post("/api/auth/verify-email", Map.of("token", first)).then().statusCode(400);
    post("/api/auth/verify-email", Map.of("token", second)).then().statusCode(204);
    given()
        .header("Authorization", account.bearer())
        .post("/api/auth/verify-email/resend")
        .then()
        .statusCode(409)
        .contentType(PROBLEM);
  }

  @Test
  void expiredVerificationLinkIsRefused() {
    Account account = Accounts.create("expired");
    String token = latestToken(EventTypes.USER_EMAIL_VERIFICATION_REQUESTED, account.id(), 1);
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                entityManager
                    .createNativeQuery(
                        "update one_time_token set expires_at = now() - interval '1 second'"
                            + " where user_id = cast(?1 as uuid)")
                    .setParameter(1, account.id())
                    .executeUpdate());
    post("/api/auth/verify-email", Map.of("token", token)).then().statusCode(400);
    me(account).then().body("emailVerified", equalTo(false));
  }

  @Test
  void passwordResetChangesThePasswordAndSignsOutEverySession() {
    Account account = Accounts.create("reset");
    Account otherDevice = Accounts.login(account.username(), Accounts.PASSWORD);
    post("/api/auth/password-reset", Map.of("email", account.email().toUpperCase()))
        .then()
        .statusCode(202);
    String token = latestToken(EventTypes.USER_PASSWORD_RESET_REQUESTED, account.id(), 1);
    String newPassword = "a brand new passphrase 42";

    post("/api/auth/password-reset/confirm", Map.of("token", token, "newPassword", newPassword))
        .then()
        .statusCode(204);

    SessionTest.login(account.username(), Accounts.PASSWORD).then().statusCode(401);
    String newSession =
        SessionTest.login(account.username(), newPassword)
            .then()
            .statusCode(200)
            .extract()
            .path("accessToken");
    post("/api/auth/refresh", Map.of("refreshToken", account.refreshToken()))
        .then()
        .statusCode(401);
    post("/api/auth/refresh", Map.of("refreshToken", otherDevice.refreshToken()))
        .then()
        .statusCode(401);
    // One revocation per session that was signed in, naming it.
    var revoked =
        events.awaitExactly(
            StreamNames.USER_EVENTS, EventTypes.USER_SESSIONS_REVOKED, account.id(), 2);
    assertThat(revoked)
        .extracting(event -> new JsonPath(event.get(EventFields.DATA)).getString("sessionId"))
        .containsExactlyInAnyOrder(
            SessionTest.sessionIdOf(account.accessToken()),
            SessionTest.sessionIdOf(otherDevice.accessToken()));
    assertThat(revoked)
        .allSatisfy(event -> assertThat(event.get(EventFields.DATA)).contains("password-reset"));
    // Their unexpired access tokens stop working at once; the new session's works.
    for (String ended : List.of(account.accessToken(), otherDevice.accessToken())) {
      Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(1))
          .untilAsserted(
              () -> given().auth().oauth2(ended).get("/api/auth/me").then().statusCode(401));
    }
    given().auth().oauth2(newSession).get("/api/auth/me").then().statusCode(200);
    // The link is single-use.
    post(
            "/api/auth/password-reset/confirm",
            Map.of("token", token, "newPassword", "yet another passphrase 7"))
        .then()
        .statusCode(400)
        .body("type", equalTo("urn:cybernet-call:problem:invalid-token"));
  }

  @Test
  void weakNewPasswordKeepsTheTokenUsable() {
    Account account = Accounts.create("resetweak");
    post("/api/auth/password-reset", Map.of("email", account.email())).then().statusCode(202);
    String token = latestToken(EventTypes.USER_PASSWORD_RESET_REQUESTED, account.id(), 1);
    post("/api/auth/password-reset/confirm", Map.of("token", token, "newPassword", "short"))
        .then()
        .statusCode(400)
        .body("type", equalTo("urn:cybernet-call:problem:weak-password"));
    post(
            "/api/auth/password-reset/confirm",
            Map.of("token", token, "newPassword", "long enough passphrase"))
        .then()
        .statusCode(204);
  }

  @Test
  void verificationTokenCannotResetAPassword() {
    Account account = Accounts.create("purpose");
    String token = latestToken(EventTypes.USER_EMAIL_VERIFICATION_REQUESTED, account.id(), 1);
    post(
            "/api/auth/password-reset/confirm",
            Map.of("token", token, "newPassword", "a brand new passphrase"))
        .then()
        .statusCode(400);
    SessionTest.login(account.username(), Accounts.PASSWORD).then().statusCode(200);
  }

  @Test
  void resetRequestsForUnknownAddressesLookTheSameAndSendNothing() {
    String unknown = Accounts.uniqueName("nobody") + "@example.test";
    post("/api/auth/password-reset", Map.of("email", unknown)).then().statusCode(202);
    assertThat(
            events.entries(StreamNames.USER_EVENTS, e -> e.get(EventFields.DATA).contains(unknown)))
        .isEmpty();
  }

  @Test
  void resetRequestsPerAddressAreCappedSilently() {
    Account account = Accounts.create("bomb");
    for (int i = 0; i < 10; i++) {
      post("/api/auth/password-reset", Map.of("email", account.email())).then().statusCode(202);
    }
    List<Map<String, String>> sent =
        events.awaitExactly(
            StreamNames.USER_EVENTS, EventTypes.USER_PASSWORD_RESET_REQUESTED, account.id(), 3);
    assertThat(sent).hasSize(3);
  }

  private String latestToken(String type, String userId, int expectedCount) {
    Awaitility.await()
        .until(() -> events.ofType(StreamNames.USER_EVENTS, type, userId).size() >= expectedCount);
    List<Map<String, String>> found = events.ofType(StreamNames.USER_EVENTS, type, userId);
    return new JsonPath(found.get(found.size() - 1).get(EventFields.DATA)).getString("token");
  }

  private static Response me(Account account) {
    return given().header("Authorization", account.bearer()).get("/api/auth/me");
  }

  private static Response post(String path, Map<String, ?> body) {
    return given().contentType(ContentType.JSON).body(body).post(path);
  }
}
