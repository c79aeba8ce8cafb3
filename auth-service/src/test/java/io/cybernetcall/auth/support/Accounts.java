package io.cybernetcall.auth.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import java.util.UUID;

/** Creates real accounts through the public API; every call makes a new, unique user. */
public final class Accounts {

  public static final String PASSWORD = "correct horse battery staple";

  private Accounts() {}

  /** A registered, signed-in user. */
  public record Account(
      String id, String username, String email, String accessToken, String refreshToken) {

    public String bearer() {
      return "Bearer " + accessToken;
    }
  }

  public static String uniqueName(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  public static Map<String, Object> registration(String username) {
    return Map.of(
        "username",
        username,
        "email",
        username + "@example.test",
        "displayName",
        "User " + username,
        "password",
        PASSWORD);
  }

  public static Account create(String prefix) {
    String username = uniqueName(prefix);
    given()
        .contentType(ContentType.JSON)
        .body(registration(username))
        .post("/api/auth/register")
        .then()
        .statusCode(201);
    return login(username, PASSWORD);
  }

  public static Account login(String username, String password) {
    JsonPath body =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("username", username, "password", password))
            .post("/api/auth/login")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    return new Account(
        body.getString("user.id"),
        body.getString("user.username"),
        body.getString("user.email"),
        body.getString("accessToken"),
        body.getString("refreshToken"));
  }
}
