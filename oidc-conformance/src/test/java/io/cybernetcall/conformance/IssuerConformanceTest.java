package io.cybernetcall.conformance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.cybernetcall.testsupport.AuthServiceProcess;
import io.cybernetcall.testsupport.RealAccounts;
import io.cybernetcall.testsupport.WithAuthService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Proves that a stock quarkus-oidc service, configured with nothing but the issuer URL, accepts
 * tokens from the real, separately running auth-service, and keeps accepting every valid token
 * while the signing key is rotated.
 */
@QuarkusTest
@WithAuthService
class IssuerConformanceTest {

  @ConfigProperty(name = AuthServiceProcess.ISSUER_PROPERTY)
  String issuer;

  @ConfigProperty(name = AuthServiceProcess.KEY_DIR_PROPERTY)
  Path keyDir;

  @Test
  void discoveryDocumentAndJwksAreServedByTheIssuer() {
    JsonPath discovery =
        given()
            .baseUri(issuer)
            .get("/.well-known/openid-configuration")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(discovery.getString("issuer")).isEqualTo(issuer);
    given()
        .baseUri(discovery.getString("jwks_uri"))
        .get()
        .then()
        .statusCode(200)
        .body("keys.kid", org.hamcrest.Matchers.containsInAnyOrder("k1", "k2"));
  }

  @Test
  void stockQuarkusOidcAcceptsARealTokenFromTheRunningIssuer() {
    String username = register();
    String token = login(username);
    given()
        .header("Authorization", "Bearer " + token)
        .get("/whoami")
        .then()
        .statusCode(200)
        .body("iss", equalTo(issuer))
        .body("username", equalTo(username));
  }

  @Test
  void requestsWithoutAValidTokenAreRefused() {
    given().get("/whoami").then().statusCode(401);
    given().header("Authorization", "Bearer not.a.token").get("/whoami").then().statusCode(401);
  }

  @Test
  void rotatingTheSigningKeyRejectsNoValidToken() throws IOException {
    String username = register();
    String before = login(username);
    assertThat(kid(before)).isEqualTo("k1");
    // The verifier fetches and caches the JWKS (k1 and the pre-published k2).
    whoAmI(before).then().statusCode(200);

    // Rotate the way an operator does with a mounted Secret: switch the active key file.
    Files.writeString(keyDir.resolve("active-kid"), "k2");
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> "k2".equals(kid(login(username))));
    String after = login(username);

    whoAmI(after).then().statusCode(200);
    whoAmI(before).then().statusCode(200);
    Files.writeString(keyDir.resolve("active-kid"), "k1");
  }

  private io.restassured.response.Response whoAmI(String token) {
    return given().header("Authorization", "Bearer " + token).get("/whoami");
  }

  private String register() {
    return new RealAccounts(issuer).create("conf").username();
  }

  private String login(String username) {
    return new RealAccounts(issuer).login(username).accessToken();
  }

  private static String kid(String jwt) {
    String header =
        new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8);
    return new JsonPath(header).getString("kid");
  }
}
