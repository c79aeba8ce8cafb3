package io.cybernetcall.testsupport;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import java.util.UUID;

/**
 * Accounts and contacts made through the real auth-service API (see {@link AuthServiceProcess}).
 */
public final class RealAccounts {

  public static final String PASSWORD = "correct horse battery staple";

  private final String issuer;

  public RealAccounts(String issuer) {
    this.issuer = issuer;
  }

  /** A signed-in user. */
  public record User(String id, String username, String accessToken, String refreshToken) {}

  public User create(String prefix) {
    String username = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    given()
        .baseUri(issuer)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "username",
                username,
                "email",
                username + "@example.test",
                "displayName",
                "User " + username,
                "password",
                PASSWORD))
        .post("/api/auth/register")
        .then()
        .statusCode(201);
    return login(username);
  }

  public User login(String username) {
    JsonPath body =
        given()
            .baseUri(issuer)
            .contentType(ContentType.JSON)
            .body(Map.of("username", username, "password", PASSWORD))
            .post("/api/auth/login")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    return new User(
        body.getString("user.id"),
        username,
        body.getString("accessToken"),
        body.getString("refreshToken"));
  }

  /** Makes two users mutual contacts. */
  public void connect(User a, User b) {
    given()
        .baseUri(issuer)
        .header("Authorization", "Bearer " + a.accessToken())
        .contentType(ContentType.JSON)
        .body(Map.of("username", b.username()))
        .post("/api/contacts/requests")
        .then()
        .statusCode(200);
    given()
        .baseUri(issuer)
        .header("Authorization", "Bearer " + b.accessToken())
        .post("/api/contacts/" + a.id() + "/accept")
        .then()
        .statusCode(200);
  }

  public void removeContact(User who, User other) {
    given()
        .baseUri(issuer)
        .header("Authorization", "Bearer " + who.accessToken())
        .delete("/api/contacts/" + other.id())
        .then()
        .statusCode(204);
  }

  public void block(User who, User other) {
    given()
        .baseUri(issuer)
        .header("Authorization", "Bearer " + who.accessToken())
        .put("/api/contacts/" + other.id() + "/block")
        .then()
        .statusCode(200);
  }

  public void logout(User who) {
    given()
        .baseUri(issuer)
        .contentType(ContentType.JSON)
        .body(Map.of("refreshToken", who.refreshToken()))
        .post("/api/auth/logout")
        .then()
        .statusCode(204);
  }
}
