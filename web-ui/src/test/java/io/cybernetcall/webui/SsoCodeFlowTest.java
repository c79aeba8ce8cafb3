package io.cybernetcall.webui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.cybernetcall.testsupport.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * "Sign in with your provider" through the gateway, against a real Keycloak and its real login
 * page, driven over HTTP as a browser would: the code flow with PKCE, state and nonce, the exchange
 * at auth-service, and the session cookie a password sign-in would have set.
 */
@QuarkusTest
@TestProfile(SsoCodeFlowTest.WithProvider.class)
class SsoCodeFlowTest {

  private static final String ORIGIN = "http://localhost:18080";
  private static final Pattern LOGIN_FORM =
      Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

  public static class WithProvider implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(SsoBehindTheGateway.class));
    }
  }

  @Test
  void signingInAtTheProviderGivesTheSameSessionCookieAsAPassword() {
    Map<String, String> cookies = new HashMap<>();
    Response start = browse(cookies, SsoRoutes.START);
    assertThat(start.statusCode()).isEqualTo(302);
    String authorize = start.header("Location");
    assertThat(authorize)
        .startsWith(Keycloak.issuer(Keycloak.REALM) + "/protocol/openid-connect/auth?")
        .contains("response_type=code", "client_id=cybernet-web", "code_challenge_method=S256")
        .containsPattern("code_challenge=[A-Za-z0-9_-]{43}")
        .containsPattern("[?&]state=[^&]+")
        .containsPattern("[?&]nonce=[^&]+")
        .containsPattern("[?&]scope=openid(\\+|%20)profile(\\+|%20)email");

    Response back = signInAtKeycloak(cookies, authorize, "carol");
    Response signedIn = followToTheApp(cookies, back);
    assertThat(signedIn.header("Location")).isEqualTo("/");
    String session = signedIn.getCookie("cybernet_session");
    assertThat(session).isNotBlank();
    assertThat(signedIn.getDetailedCookie("cybernet_session").isHttpOnly()).isTrue();
    // The provider's tokens do not stay in the browser (quarkus-oidc's cookie, in chunks or not).
    assertThat(cookies.keySet()).noneMatch(name -> name.startsWith("q_session_sso"));

    me(session).body("username", equalTo("carol")).body("displayName", equalTo("Carol Keycloak"));
    given()
        .get("/api/auth/sign-in-options")
        .then()
        .statusCode(200)
        .body("password", equalTo(true))
        .body("provider.name", equalTo("Keycloak"));
  }

  @Test
  void aRefusedSignInComesBackToTheAppWithTheReasonAndNoSession() {
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
                "correct horse battery staple"))
        .post("/api/auth/register")
        .then()
        .statusCode(201);
    Map<String, String> cookies = new HashMap<>();
    String authorize = browse(cookies, SsoRoutes.START).header("Location");
    Response refused = followToTheApp(cookies, signInAtKeycloak(cookies, authorize, "erin"));
    assertThat(refused.header("Location")).isEqualTo("/?sign-in-error=account-exists");
    assertThat(refused.getDetailedCookie("cybernet_session")).isNull();
  }

  @Test
  void signingOutEndsTheProvidersSessionTooAndComesBackToTheApp() {
    Map<String, String> cookies = new HashMap<>();
    String authorize = browse(cookies, SsoRoutes.START).header("Location");
    String session =
        followToTheApp(cookies, signInAtKeycloak(cookies, authorize, "dave"))
            .getCookie("cybernet_session");

    Response signedOut =
        given()
            .header("Origin", ORIGIN)
            .cookie("cybernet_session", session)
            .post("/session/logout");
    assertThat(signedOut.statusCode()).isEqualTo(200);
    assertThat(signedOut.getDetailedCookie("cybernet_session").getMaxAge()).isZero();
    String continueAt = signedOut.path("continueAt");
    assertThat(continueAt)
        .startsWith(Keycloak.issuer(Keycloak.REALM) + "/protocol/openid-connect/logout?")
        .containsPattern("[?&]id_token_hint=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.")
        .contains("client_id=cybernet-web")
        .contains(
            "post_logout_redirect_uri=" + URLEncoder.encode(ORIGIN + "/", StandardCharsets.UTF_8));

    // Keycloak ends its session without asking (the hint names it) and sends the browser back.
    Response atProvider = browse(cookies, continueAt);
    assertThat(atProvider.statusCode()).isEqualTo(302);
    assertThat(atProvider.header("Location")).isEqualTo(ORIGIN + "/");
    given()
        .header("Origin", ORIGIN)
        .cookie("cybernet_session", session)
        .post("/session/refresh")
        .then()
        .statusCode(401);
    // Signing in again asks for the password: the provider's session is gone too.
    String again = browse(cookies, SsoRoutes.START).header("Location");
    String page = browse(cookies, again).then().statusCode(200).extract().asString();
    assertThat(LOGIN_FORM.matcher(page).find()).as("Keycloak's login form again").isTrue();
  }

  @Test
  void aPasswordSessionSignsOutWithoutVisitingTheProvider() {
    String username = "pat" + Long.toHexString(System.nanoTime());
    String session = passwordSession(username);
    given()
        .header("Origin", ORIGIN)
        .cookie("cybernet_session", session)
        .post("/session/logout")
        .then()
        .statusCode(204);
  }

  @Test
  void readinessNamesTheProviderItReaches() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body(
            "checks.find { it.name == 'identity-provider' }.data.issuer",
            equalTo(Keycloak.issuer(Keycloak.REALM)))
        .body("checks.find { it.name == 'identity-provider' }.data.reachable", equalTo(true));
  }

  @Test
  void theProvidersBackChannelLogoutsReachAuthServiceThroughTheGateway() {
    given()
        .contentType(ContentType.URLENC)
        .formParam("logout_token", "not-a-token")
        .post("/api/auth/provider-logout")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:cybernet-call:problem:invalid-logout-token"));
  }

  @Test
  void aPasswordAccountJoinsItsProviderAccountWithProofOfBoth() {
    String username = "joiner" + Long.toHexString(System.nanoTime());
    String signedIn = passwordSession(username);
    Map<String, String> cookies = new HashMap<>();
    cookies.put("cybernet_session", signedIn);

    // Settings → "Join your Keycloak account": the code flow on the link path...
    String authorize = browse(cookies, SsoRoutes.LINK).header("Location");
    assertThat(authorize)
        .contains(
            "redirect_uri=" + URLEncoder.encode(ORIGIN + SsoRoutes.LINK, StandardCharsets.UTF_8));
    Response back =
        followToTheApp(cookies, signInAtKeycloak(cookies, authorize, "heidi", SsoRoutes.LINK));
    // ...comes back for the page to finish (its SameSite=Strict session cookie is not sent on a
    // redirect from the provider's site).
    assertThat(back.header("Location")).isEqualTo("/?link=confirm");
    // A foreign page cannot finish it; the page itself can, once.
    given()
        .header("Origin", "http://evil.example")
        .cookies(cookies)
        .post(SsoRoutes.LINK)
        .then()
        .statusCode(403);
    Response joined =
        given()
            .header("Origin", ORIGIN)
            .header("X-Requested-With", "JavaScript")
            .cookies(cookies)
            .post(SsoRoutes.LINK);
    assertThat(joined.statusCode()).isEqualTo(204);
    kept(cookies, joined);
    assertThat(cookies.keySet()).noneMatch(name -> name.startsWith("q_session_sso"));

    // Signing in with Keycloak now opens the password account (no login form: Keycloak remembers).
    Response again = browse(cookies, browse(cookies, SsoRoutes.START).header("Location"));
    assertThat(again.statusCode()).isEqualTo(302);
    String session = followToTheApp(cookies, again).getCookie("cybernet_session");
    me(session).body("username", equalTo(username));
  }

  @Test
  void finishingAJoinWithoutTheProvidersTokensIsAClearRefusal() {
    given()
        .header("Origin", ORIGIN)
        .header("X-Requested-With", "JavaScript")
        .cookie("cybernet_session", "whatever")
        .post(SsoRoutes.LINK)
        .then()
        .statusCode(499);
  }

  /** Registers a password account through the gateway; its session cookie, as after sign-in. */
  private static String passwordSession(String username) {
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "username",
                username,
                "email",
                username + "@example.test",
                "displayName",
                "Pat",
                "password",
                "correct horse battery staple"))
        .post("/api/auth/register")
        .then()
        .statusCode(201);
    return given()
        .header("Origin", ORIGIN)
        .contentType(ContentType.JSON)
        .body(Map.of("username", username, "password", "correct horse battery staple"))
        .post("/session/login")
        .then()
        .statusCode(200)
        .extract()
        .cookie("cybernet_session");
  }

  /** The account a session cookie opens, as the page sees it after a reload. */
  private static ValidatableResponse me(String session) {
    String accessToken =
        given()
            .header("Origin", ORIGIN)
            .cookie("cybernet_session", session)
            .post("/session/refresh")
            .then()
            .statusCode(200)
            .extract()
            .path("accessToken");
    return given().auth().oauth2(accessToken).get("/api/auth/me").then().statusCode(200);
  }

  /** A browser's GET: no redirect followed, the URL used as given, cookies kept. */
  private static Response browse(Map<String, String> cookies, String url) {
    return kept(
        cookies,
        given().urlEncodingEnabled(false).cookies(cookies).redirects().follow(false).get(url));
  }

  /**
   * A browser's cookie jar, reduced to what this flow needs: everything is on localhost, where
   * browsers share cookies across ports; expired cookies are dropped.
   */
  private static Response kept(Map<String, String> cookies, Response response) {
    response
        .getDetailedCookies()
        .forEach(
            cookie -> {
              if (cookie.getMaxAge() == 0) cookies.remove(cookie.getName());
              else cookies.put(cookie.getName(), cookie.getValue());
            });
    return response;
  }

  /** Fills in Keycloak's own login form; returns its redirect back to the gateway. */
  private static Response signInAtKeycloak(
      Map<String, String> cookies, String authorize, String username) {
    return signInAtKeycloak(cookies, authorize, username, SsoRoutes.START);
  }

  private static Response signInAtKeycloak(
      Map<String, String> cookies, String authorize, String username, String returnPath) {
    String page = browse(cookies, authorize).then().statusCode(200).extract().asString();
    Matcher form = LOGIN_FORM.matcher(page);
    assertThat(form.find()).as("Keycloak's login form").isTrue();
    Response back =
        given()
            .cookies(cookies)
            .redirects()
            .follow(false)
            .formParam("username", username)
            .formParam("password", Keycloak.settings().get("CYBERNET_SSO_USER_PASSWORD"))
            .post(form.group(1).replace("&amp;", "&"));
    kept(cookies, back);
    assertThat(back.statusCode()).isEqualTo(302);
    assertThat(back.header("Location"))
        .startsWith(ORIGIN + returnPath + "?")
        .contains("code=", "state=");
    return back;
  }

  /** The callback (quarkus-oidc redeems the code), then the guarded start path, to the app. */
  private static Response followToTheApp(Map<String, String> cookies, Response back) {
    Response callback = browse(cookies, back.header("Location"));
    assertThat(callback.statusCode()).isEqualTo(302);
    Response done = browse(cookies, callback.header("Location"));
    assertThat(done.statusCode()).isEqualTo(302);
    return done;
  }
}
