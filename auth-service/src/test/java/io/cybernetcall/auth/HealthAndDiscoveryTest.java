package io.cybernetcall.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HealthAndDiscoveryTest {

  @Test
  void livenessChecksNothingExternal() {
    given()
        .get("/q/health/live")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", not(hasItem(containsString("Database"))))
        .body("checks.name", not(hasItem(containsString("Redis"))));
  }

  @Test
  void readinessChecksPostgresAndRedis() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItems(containsString("Database"), containsString("Redis")))
        // Without single sign-on the provider is named as not configured.
        .body("checks.find { it.name == 'identity-provider' }.data.configured", equalTo(false));
  }

  @Test
  void discoveryDocumentNamesIssuerAndKeys() {
    given()
        .get("/.well-known/openid-configuration")
        .then()
        .statusCode(200)
        .body("issuer", equalTo("http://localhost:18081"))
        .body("jwks_uri", equalTo("http://localhost:18081/.well-known/jwks.json"))
        // Not an authorization server: nothing that would send a client into an OAuth flow.
        .body("$", not(hasKey("authorization_endpoint")))
        .body("$", not(hasKey("token_endpoint")))
        .body("$", not(hasKey("response_types_supported")))
        .body("$", not(hasKey("id_token_signing_alg_values_supported")))
        .header("Cache-Control", containsString("max-age="));
  }

  @Test
  void discoveryNeverFollowsAHostHeaderItWasNotConfiguredWith() {
    given()
        .header("Host", "evil.example")
        .get("/.well-known/openid-configuration")
        .then()
        .statusCode(200)
        .body("issuer", equalTo("http://localhost:18081"))
        .body("jwks_uri", equalTo("http://localhost:18081/.well-known/jwks.json"));
    // An internal address the deployment names (auth.discovery-base-urls in the test profile).
    given()
        .header("Host", "auth-service:8081")
        .get("/.well-known/openid-configuration")
        .then()
        .statusCode(200)
        .body("issuer", equalTo("http://localhost:18081"))
        .body("jwks_uri", equalTo("http://auth-service:8081/.well-known/jwks.json"));
  }

  @Test
  void jwksPublishesOnlyPublicRsaKeys() {
    given()
        .get("/.well-known/jwks.json")
        .then()
        .statusCode(200)
        .header("Cache-Control", containsString("max-age="))
        .body("keys", not(empty()))
        .body("keys.kty", everyItem(equalTo("RSA")))
        .body("keys.alg", everyItem(equalTo("RS256")))
        .body("keys.use", everyItem(equalTo("sig")))
        .body("keys.kid", everyItem(notNullValue()))
        .body("keys.n", everyItem(notNullValue()))
        // Private parameters must never be published.
        .body("keys.d", everyItem(equalTo(null)))
        .body("keys.p", everyItem(equalTo(null)));
  }

  @Test
  void metricsAndOpenApiAreServed() {
    given().get("/q/metrics").then().statusCode(200);
    given()
        .get("/q/openapi?format=json")
        .then()
        .statusCode(200)
        .body("paths", allOf(notNullValue()))
        .body("paths.'/api/auth/login'", notNullValue());
  }
}
