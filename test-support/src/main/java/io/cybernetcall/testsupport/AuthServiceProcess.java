package io.cybernetcall.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * Runs the packaged auth-service as a separate process, exactly as it is deployed, with a signing
 * key directory the test owns (two keys, {@code k1} active) so it can rotate keys and sign tokens
 * of its own with the real keys.
 *
 * <p>Init args: {@code database} (default {@code cybernet_auth_conformance}, cleaned at start) and
 * {@code redis-db} (default {@code 2}). The test's own service must use the same Redis database
 * when it consumes auth-service events.
 */
public class AuthServiceProcess implements QuarkusTestResourceLifecycleManager {

  /** Config property with the issuer URL (also set as {@code quarkus.oidc.auth-server-url}). */
  public static final String ISSUER_PROPERTY = "test.auth.issuer";

  /** Config property with the signing key directory the test may rewrite. */
  public static final String KEY_DIR_PROPERTY = "test.auth.key-dir";

  private Process process;
  private Path workDir;
  private String database = "cybernet_auth_conformance";
  private String redisDb = "2";

  @Override
  public void init(Map<String, String> initArgs) {
    database = initArgs.getOrDefault("database", database);
    redisDb = initArgs.getOrDefault("redis-db", redisDb);
  }

  @Override
  public Map<String, String> start() {
    Path jar =
        Path.of(
            System.getProperty(
                "auth.service.jar", "../auth-service/target/quarkus-app/quarkus-run.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "Packaged auth-service not found at " + jar + ": run ./mvnw verify from the root");
    }
    try {
      workDir = Files.createTempDirectory("cybernet-conformance");
      Path keyDir = Files.createDirectories(workDir.resolve("keys"));
      Files.writeString(keyDir.resolve("k1.pem"), newPrivateKeyPem());
      Files.writeString(keyDir.resolve("k2.pem"), newPrivateKeyPem());
      Files.writeString(keyDir.resolve("active-kid"), "k1");
      int port = freePort();
      String issuer = "http://127.0.0.1:" + port;
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx256m",
                  "-jar",
                  jar.toAbsolutePath().toString())
              .redirectErrorStream(true)
              .redirectOutput(workDir.resolve("auth-service.log").toFile());
      builder
          .environment()
          .putAll(
              Map.of(
                  "QUARKUS_HTTP_PORT",
                  Integer.toString(port),
                  "AUTH_ISSUER",
                  issuer,
                  "AUTH_SIGNING_KEY_DIR",
                  keyDir.toString(),
                  "AUTH_SIGNING_RELOAD_INTERVAL",
                  "1s",
                  "DB_URL",
                  "jdbc:postgresql://127.0.0.1:5432/" + database,
                  "REDIS_URL",
                  "redis://127.0.0.1:6379/" + redisDb,
                  "QUARKUS_FLYWAY_CLEAN_DISABLED",
                  "false",
                  "QUARKUS_FLYWAY_CLEAN_AT_START",
                  "true"));
      process = builder.start();
      System.out.printf(
          "AuthServiceProcess: %s (database %s, Redis db %s, log %s)%n",
          issuer, database, redisDb, workDir.resolve("auth-service.log"));
      awaitReady(issuer);
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
      process.destroy();
      try {
        if (!process.waitFor(
            Duration.ofSeconds(15).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private void awaitReady(String issuer) {
    HttpClient client = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plusSeconds(90);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("auth-service exited during start-up:\n" + log());
      }
      try {
        HttpResponse<Void> response =
            client.send(
                HttpRequest.newBuilder(URI.create(issuer + "/q/health/ready")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep();
    }
    throw new IllegalStateException("auth-service did not become ready in time:\n" + log());
  }

  private String log() {
    try {
      return Files.readString(workDir.resolve("auth-service.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
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
