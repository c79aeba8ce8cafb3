package io.cybernetcall.testsupport;

import static io.restassured.RestAssured.given;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Keycloak for the single sign-on tests, started by the project's own {@code
 * scripts/keycloak.sh} (downloaded through Maven once, cached, dev mode, the committed realms of
 * {@code deploy/keycloak}). As a test resource it points the service under test at the {@code
 * cybernet} realm; {@link #token} gets a user's access token with a test-only password-grant client
 * of that realm.
 */
public class Keycloak implements QuarkusTestResourceLifecycleManager {

  /** The realm every test signs in to. */
  public static final String REALM = "cybernet";

  /** A second realm: its tokens must be refused everywhere. */
  public static final String OTHER_REALM = "elsewhere";

  /** Password-grant test clients of the committed realms (never part of a production realm). */
  public static final String CLIENT = "cybernet-test-login";

  public static final String CLIENT_WITHOUT_AUDIENCE = "cybernet-test-no-audience";
  public static final String CLIENT_EXPIRING = "cybernet-test-expiring";

  private static Map<String, String> settings;

  /**
   * Points auth-service at the realm; its session checks introspect as {@link #CLIENT}, the client
   * the tests' tokens come from.
   */
  @Override
  public Map<String, String> start() {
    return Map.of(
        "auth.sso.enabled",
        "true",
        "auth.sso.issuer",
        issuer(REALM),
        "auth.sso.client-id",
        CLIENT,
        "auth.sso.client-secret",
        settings().get("CYBERNET_SSO_CLIENT_SECRET"));
  }

  @Override
  public void stop() {
    // Kept for the next test class of this JVM; stopped when the JVM ends if it started it.
  }

  /** Starts Keycloak when it is not running, once per JVM, and reads its settings. */
  public static synchronized Map<String, String> settings() {
    if (settings == null) {
      if (!run("start").contains("already running")) {
        // Started for these tests: stopped with them (a developer's own Keycloak is left alone).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> run("stop")));
      }
      Map<String, String> read = new HashMap<>();
      for (String line : run("env").split("\n")) {
        int equals = line.indexOf('=');
        if (equals > 0) read.put(line.substring(0, equals), line.substring(equals + 1).trim());
      }
      settings = Map.copyOf(read);
    }
    return settings;
  }

  public static String issuer(String realm) {
    String issuer = settings().get("CYBERNET_SSO_ISSUER");
    return issuer.substring(0, issuer.lastIndexOf('/') + 1) + realm;
  }

  /**
   * An access token of {@code username} in {@code realm}, from the password-grant {@code client}.
   */
  public static String token(String realm, String client, String username) {
    return (String) tokens(realm, client, username).get("access_token");
  }

  public static String token(String username) {
    return token(REALM, CLIENT, username);
  }

  /** The whole token response (access, refresh and ID token) of a password grant. */
  public static Map<String, Object> tokens(String realm, String client, String username) {
    return given()
        .formParam("grant_type", "password")
        .formParam("client_id", client)
        .formParam("client_secret", settings().get("CYBERNET_SSO_CLIENT_SECRET"))
        .formParam("username", username)
        .formParam("password", settings().get("CYBERNET_SSO_USER_PASSWORD"))
        .formParam("scope", "openid")
        .post(issuer(realm) + "/protocol/openid-connect/token")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getMap("$");
  }

  /** Enables or disables a user, as an administrator would in Keycloak's console. */
  public static void setEnabled(String realm, String username, boolean enabled) {
    given()
        .auth()
        .oauth2(adminToken())
        .contentType("application/json")
        .body(Map.of("enabled", enabled))
        .put(adminBase(realm) + "/users/" + userId(realm, username))
        .then()
        .statusCode(204);
  }

  /**
   * Ends every session of a user at Keycloak, as an administrator's "Sign out" in its console does:
   * Keycloak then sends a back-channel logout to each client that has one configured.
   */
  public static void signOutEverywhere(String realm, String username) {
    given()
        .auth()
        .oauth2(adminToken())
        .post(adminBase(realm) + "/users/" + userId(realm, username) + "/logout")
        .then()
        .statusCode(204);
  }

  /** Where Keycloak sends the back-channel logouts of a client (this test's service). */
  public static void setBackChannelLogoutUrl(String realm, String clientId, String url) {
    String admin = adminToken();
    Map<String, Object> client =
        given()
            .auth()
            .oauth2(admin)
            .queryParam("clientId", clientId)
            .get(adminBase(realm) + "/clients")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getMap("[0]");
    @SuppressWarnings("unchecked")
    Map<String, Object> attributes = new HashMap<>((Map<String, Object>) client.get("attributes"));
    attributes.put("backchannel.logout.url", url);
    attributes.put("backchannel.logout.session.required", "true");
    Map<String, Object> changed = new HashMap<>(client);
    changed.put("attributes", attributes);
    given()
        .auth()
        .oauth2(admin)
        .contentType("application/json")
        .body(changed)
        .put(adminBase(realm) + "/clients/" + client.get("id"))
        .then()
        .statusCode(204);
  }

  private static String adminToken() {
    return given()
        .formParam("grant_type", "password")
        .formParam("client_id", "admin-cli")
        .formParam("username", "admin")
        .formParam("password", settings().get("KEYCLOAK_ADMIN_PASSWORD"))
        .post(issuer("master") + "/protocol/openid-connect/token")
        .then()
        .statusCode(200)
        .extract()
        .path("access_token");
  }

  private static String adminBase(String realm) {
    return issuer(realm).replace("/realms/", "/admin/realms/");
  }

  private static String userId(String realm, String username) {
    return given()
        .auth()
        .oauth2(adminToken())
        .queryParam("username", username)
        .queryParam("exact", true)
        .get(adminBase(realm) + "/users")
        .then()
        .statusCode(200)
        .extract()
        .path("[0].id");
  }

  private static String run(String command) {
    Path script = repositoryRoot().resolve("scripts/keycloak.sh");
    try {
      Path output = Files.createTempFile("keycloak-" + command, ".out");
      Process process =
          new ProcessBuilder("bash", script.toString(), command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "scripts/keycloak.sh " + command + " failed:\n" + Files.readString(output));
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      Files.deleteIfExists(output);
      return text;
    } catch (IOException e) {
      throw new IllegalStateException("could not run scripts/keycloak.sh", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("scripts/keycloak.sh"))) dir = dir.getParent();
    if (dir == null)
      throw new IllegalStateException(
          "scripts/keycloak.sh not found above " + Path.of("").toAbsolutePath());
    return dir;
  }
}
