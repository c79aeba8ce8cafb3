package io.cybernetcall.testsupport;

import io.quarkus.test.common.QuarkusTestResourceConfigurableLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * Runs the packaged auth-service as a separate process, exactly as it is deployed, with a signing
 * key directory the test owns (two keys, {@code k1} active) so it can rotate keys and sign tokens
 * of its own with the real keys.
 *
 * <p>Tests use it through {@link WithAuthService}, which carries its settings.
 */
public class AuthServiceProcess
    implements QuarkusTestResourceConfigurableLifecycleManager<WithAuthService> {

  /** Config property with the issuer URL (also set as {@code quarkus.oidc.auth-server-url}). */
  public static final String ISSUER_PROPERTY = "test.auth.issuer";

  /** Config property with the signing key directory the test may rewrite. */
  public static final String KEY_DIR_PROPERTY = "test.auth.key-dir";

  private JavaServiceProcess process;
  private String database = "cybernet_auth_conformance";
  private String redisDb = "2";
  private String accessTokenLifetime = "PT10M";
  private String ssoIssuer = null;

  /**
   * Settings for a test that starts the process itself: {@code database}, {@code redis-db} and
   * {@code access-token-lifetime}, as in {@link WithAuthService}; {@code sso-issuer} turns on
   * single sign-on through that provider (a {@link Keycloak} realm).
   */
  @Override
  public void init(Map<String, String> initArgs) {
    database = initArgs.getOrDefault("database", database);
    redisDb = initArgs.getOrDefault("redis-db", redisDb);
    accessTokenLifetime = initArgs.getOrDefault("access-token-lifetime", accessTokenLifetime);
    ssoIssuer = initArgs.get("sso-issuer");
  }

  @Override
  public void init(WithAuthService settings) {
    database = settings.database();
    redisDb = settings.redisDb();
    accessTokenLifetime = settings.accessTokenLifetime();
  }

  @Override
  public Map<String, String> start() {
    Path jar =
        Path.of(
            System.getProperty(
                "auth.service.jar", "../auth-service/target/quarkus-app/quarkus-run.jar"));
    try {
      Path workDir = Files.createTempDirectory("cybernet-auth-service");
      Path keyDir = Files.createDirectories(workDir.resolve("keys"));
      Files.writeString(keyDir.resolve("k1.pem"), newPrivateKeyPem());
      Files.writeString(keyDir.resolve("k2.pem"), newPrivateKeyPem());
      Files.writeString(keyDir.resolve("active-kid"), "k1");
      int port = JavaServiceProcess.freePort();
      String issuer = "http://127.0.0.1:" + port;
      System.out.printf(
          "AuthServiceProcess: %s (database %s, Redis db %s, log %s)%n",
          issuer, database, redisDb, workDir.resolve("auth-service.log"));
      Map<String, String> environment =
          new java.util.HashMap<>(
              Map.of(
                  "AUTH_ISSUER",
                  issuer,
                  "AUTH_SIGNING_KEY_DIR",
                  keyDir.toString(),
                  "AUTH_SIGNING_RELOAD_INTERVAL",
                  "1s",
                  "AUTH_ACCESS_TOKEN_LIFETIME",
                  accessTokenLifetime,
                  "DB_URL",
                  "jdbc:postgresql://127.0.0.1:5432/" + database,
                  "QUARKUS_FLYWAY_CLEAN_DISABLED",
                  "false",
                  "QUARKUS_FLYWAY_CLEAN_AT_START",
                  "true"));
      environment.put("REDIS_URL", TestRedis.url(redisDb));
      if (ssoIssuer != null) {
        environment.put("AUTH_SSO_ENABLED", "true");
        environment.put("AUTH_SSO_ISSUER", ssoIssuer);
        environment.put("AUTH_SSO_PROVIDER_NAME", "Keycloak");
        // Sessions checked with Keycloak as web-ui's client, every 2 s (30 s in production).
        environment.put("AUTH_SSO_CLIENT_ID", Keycloak.settings().get("CYBERNET_SSO_CLIENT_ID"));
        environment.put(
            "AUTH_SSO_CLIENT_SECRET", Keycloak.settings().get("CYBERNET_SSO_CLIENT_SECRET"));
        environment.put("AUTH_SSO_CHECK_INTERVAL", "PT2S");
      }
      process =
          JavaServiceProcess.start(jar, port, environment, workDir.resolve("auth-service.log"));
      return Map.of(
          "quarkus.oidc.auth-server-url",
          issuer,
          ISSUER_PROPERTY,
          issuer,
          KEY_DIR_PROPERTY,
          keyDir.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    if (process != null) {
      process.close();
    }
  }

  public static String newPrivateKeyPem() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
      return "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
          + "\n-----END PRIVATE KEY-----\n";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
