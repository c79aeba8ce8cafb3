package io.cybernetcall.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

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
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SessionTest {

  private static final String PROBLEM = "application/problem+json";

  @Inject EventLog events;
  @Inject EntityManager entityManager;
  @Inject RedisDataSource redis;

  @AfterEach
  void forgetFailures() {
    Throttling.forgetAllFailures(redis);
  }

  @Test
  void loginByUsernameOrEmailReturnsShortLivedSignedAccessToken() {
    Account account = Accounts.create("login");
    Account byEmail = Accounts.login(account.email().toUpperCase(), Accounts.PASSWORD);
    assertThat(byEmail.id()).isEqualTo(account.id());

    Map<String, Object> header = decodePart(account.accessToken(), 0);
    Map<String, Object> claims = decodePart(account.accessToken(), 1);
    assertThat(header)
        .containsEntry("alg", "RS256")
        .containsEntry("typ", "at+jwt")
        .containsKey("kid");
    assertThat(claims)
        .containsEntry("iss", "http://localhost:18081")
        .containsEntry("aud", "cybernet-call")
        .containsEntry("sub", account.id())
        .containsKeys("exp", "iat", "jti", "sid");
    long lifetime =
        ((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue();
    assertThat(lifetime).isPositive().isLessThanOrEqualTo(15 * 60);
  }

  @Test
  void meReturnsTheTokenSubjectsAccount() {
    Account account = Accounts.create("me");
    given()
        .header("Authorization", account.bearer())
        .get("/api/auth/me")
        .then()
        .statusCode(200)
        .body("id", equalTo(account.id()))
        .body("username", equalTo(account.username()));
  }

  @Test
  void meWithoutTokenIsUnauthenticatedProblem() {
    given()
        .get("/api/auth/me")
        .then()
        .statusCode(401)
        .contentType(PROBLEM)
        .header("WWW-Authenticate", "Bearer")
        .body("type", equalTo("urn:cybernet-call:problem:unauthenticated"));
  }

  @Test
  void wrongPasswordAndUnknownUserGetTheSameAnswer() {
    Account account = Accounts.create("wrongpw");
    String known =
        login(account.username(), "not the password at all")
            .then()
            .statusCode(401)
            .contentType(PROBLEM)
            .extract()
            .asString();
    String unknown =
        login(Accounts.uniqueName("ghost"), "not the password at all")
            .then()
            .statusCode(401)
            .contentType(PROBLEM)
            .extract()
            .asString();
    assertThat(known).isEqualTo(unknown);
  }

  @Test
  void refreshRotatesTheTokenAndKeepsTheSession() {
    Account account = Accounts.create("rotate");
    Response refreshed = refresh(account.refreshToken());
    refreshed.then().statusCode(200).body("refreshToken", not(equalTo(account.refreshToken())));
    String newAccess = refreshed.path("accessToken");
    assertThat(decodePart(newAccess, 1).get("sid"))
        .isEqualTo(decodePart(account.accessToken(), 1).get("sid"));
    given()
        .header("Authorization", "Bearer " + newAccess)
        .get("/api/auth/me")
        .then()
        .statusCode(200);
  }

  @Test
  void replayedRefreshTokenRevokesTheWholeFamily() {
    Account account = Accounts.create("replay");
    String second =
        refresh(account.refreshToken()).then().statusCode(200).extract().path("refreshToken");
    String third = refresh(second).then().statusCode(200).extract().path("refreshToken");

    // The first token was rotated long ago (its successor is already spent): theft. The thief's
    // and the owner's current tokens are both dead now, and the event names the session.
    String sid = (String) decodePart(account.accessToken(), 1).get("sid");
    assertThat(assertReuseEndsTheSession(account, account.refreshToken(), third))
        .contains("\"sessionId\":\"" + sid + "\"");
  }

  @Test
  void retryWithinGraceAfterLostResponseIsServedNotPunished() {
    Account account = Accounts.create("grace");
    String lost =
        refresh(account.refreshToken()).then().statusCode(200).extract().path("refreshToken");
    // The client never saw `lost` and retries with the old token within the grace window.
    String retried =
        refresh(account.refreshToken()).then().statusCode(200).extract().path("refreshToken");
    refresh(retried).then().statusCode(200);
    // The unseen token was replaced; it is never presented by a client whose response was lost,
    // so presenting it is reuse.
    refresh(lost)
        .then()
        .statusCode(401)
        .body("type", equalTo("urn:cybernet-call:problem:refresh-token-reused"));
  }

  @Test
  void aSecondRetryWithinGraceIsReuseAndEndsTheSession() {
    Account account = Accounts.create("retry2");
    refresh(account.refreshToken()).then().statusCode(200);
    String retried =
        refresh(account.refreshToken()).then().statusCode(200).extract().path("refreshToken");
    // One lost response explains one retry; a third use of the same token does not.
    assertReuseEndsTheSession(account, account.refreshToken(), retried);
  }

  @Test
  void aThiefsGraceReplayIsCaughtWhenTheOwnerUsesTheNewerToken() {
    Account account = Accounts.create("thief");
    // The owner rotates and keeps the new token; a thief replays the old one within the grace.
    String owners =
        refresh(account.refreshToken()).then().statusCode(200).extract().path("refreshToken");
    String thiefs =
        refresh(account.refreshToken()).then().statusCode(200).extract().path("refreshToken");
    // The owner's token was replaced by the replay: presenting it proves two holders, and the
    // session is over for the thief as well.
    assertReuseEndsTheSession(account, owners, thiefs);
  }

  @Test
  void reuseAfterGraceWindowIsTreatedAsTheft() {
    Account account = Accounts.create("late");
    String next =
        refresh(account.refreshToken()).then().statusCode(200).extract().path("refreshToken");
    // Move the rotation into the past instead of sleeping through the grace window.
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                entityManager
                    .createNativeQuery(
                        "update refresh_token set used_at = used_at - interval '1 minute'"
                            + " where user_id = cast(?1 as uuid) and used_at is not null")
                    .setParameter(1, account.id())
                    .executeUpdate());
    refresh(account.refreshToken())
        .then()
        .statusCode(401)
        .body("type", equalTo("urn:cybernet-call:problem:refresh-token-reused"));
    refresh(next).then().statusCode(401);
  }

  @Test
  void logoutEndsTheSessionAndIsIdempotent() {
    Account account = Accounts.create("logout");
    logout(account.refreshToken()).then().statusCode(204);
    logout(account.refreshToken()).then().statusCode(204);
    refresh(account.refreshToken()).then().statusCode(401);
    String sid = (String) decodePart(account.accessToken(), 1).get("sid");
    var revoked =
        events.awaitExactly(
            StreamNames.USER_EVENTS, EventTypes.USER_SESSIONS_REVOKED, account.id(), 1);
    assertThat(revoked.get(0).get(EventFields.DATA)).contains(sid).contains("logout");
    // The session's unexpired access token stops working within a second.
    await()
        .atMost(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(account.accessToken())
                    .get("/api/auth/me")
                    .then()
                    .statusCode(401)
                    .contentType(PROBLEM)
                    .body("type", equalTo("urn:cybernet-call:problem:unauthenticated")));
  }

  @Test
  void otherSessionsSurviveALogout() {
    Account first = Accounts.create("multi");
    Account second = Accounts.login(first.username(), Accounts.PASSWORD);
    logout(first.refreshToken()).then().statusCode(204);
    refresh(second.refreshToken()).then().statusCode(200);
    events.awaitExactly(StreamNames.USER_EVENTS, EventTypes.USER_SESSIONS_REVOKED, first.id(), 1);
    given().auth().oauth2(second.accessToken()).get("/api/auth/me").then().statusCode(200);
  }

  /** The {@code sid} claim of an access token: the session it belongs to. */
  static String sessionIdOf(String accessToken) {
    return (String) decodePart(accessToken, 1).get("sid");
  }

  @Test
  void garbageRefreshTokenIsRefused() {
    refresh("definitely-not-a-token")
        .then()
        .statusCode(401)
        .contentType(PROBLEM)
        .body("type", equalTo("urn:cybernet-call:problem:invalid-refresh-token"));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("refreshToken", ""))
        .post("/api/auth/refresh")
        .then()
        .statusCode(400)
        .contentType(PROBLEM);
  }

  @Test
  void expiresInMatchesConfiguredLifetime() {
    String username = Accounts.create("exp").username();
    login(username, Accounts.PASSWORD)
        .then()
        .statusCode(200)
        .body("tokenType", equalTo("Bearer"))
        .body("expiresIn", greaterThan(0))
        .body("expiresIn", lessThanOrEqualTo(900));
  }

  static Response login(String username, String password) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("username", username, "password", password))
        .post("/api/auth/login");
  }

  private static Response refresh(String token) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("refreshToken", token))
        .post("/api/auth/refresh");
  }

  private static Response logout(String token) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("refreshToken", token))
        .post("/api/auth/logout");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> decodePart(String jwt, int part) {
    String json =
        new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[part]), StandardCharsets.UTF_8);
    return new io.restassured.path.json.JsonPath(json).getMap("$");
  }

  /**
   * {@code reused} is refused as reuse, which ends the session: {@code alsoEnded}, a token of the
   * same session, is refused too, and one {@code user.sessions-revoked} says why.
   *
   * @return that event's data
   */
  private String assertReuseEndsTheSession(Account account, String reused, String alsoEnded) {
    refresh(reused)
        .then()
        .statusCode(401)
        .contentType(PROBLEM)
        .body("type", equalTo("urn:cybernet-call:problem:refresh-token-reused"));
    refresh(alsoEnded)
        .then()
        .statusCode(401)
        .body("type", equalTo("urn:cybernet-call:problem:invalid-refresh-token"));
    var revoked =
        events.awaitExactly(
            StreamNames.USER_EVENTS, EventTypes.USER_SESSIONS_REVOKED, account.id(), 1);
    String data = revoked.get(0).get(EventFields.DATA);
    assertThat(data).contains("refresh-token-reuse");
    return data;
  }
}
