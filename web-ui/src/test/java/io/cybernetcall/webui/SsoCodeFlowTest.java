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
        .containsPattern("[?&]nonce=[^&]+");

    Response back = signInAtKeycloak(cookies, authorize, "carol");
    Response signedIn = followToTheApp(cookies, back);
    assertThat(signedIn.header("Location")).isEqualTo("/");
    String session = signedIn.getCookie("cybernet_session");
    assertThat(session).isNotBlank();
    assertThat(signedIn.getDetailedCookie("cybernet_session").isHttpOnly()).isTrue();
    // The provider's tokens do not stay in the browser.
    assertThat(signedIn.getDetailedCookie("q_session_sso").getMaxAge()).isZero();

    String accessToken =
        given()
            .header("Origin", ORIGIN)
            .cookie("cybernet_session", session)
            .post("/session/refresh")
            .then()
            .statusCode(200)
            .extract()
            .path("accessToken");
    given()
        .auth()
        .oauth2(accessToken)
        .get("/api/auth/me")
        .then()
        .statusCode(200)
        .body("username", equalTo("carol"))
        .body("displayName", equalTo("Carol Keycloak"));
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
        .startsWith(ORIGIN + SsoRoutes.START + "?")
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
