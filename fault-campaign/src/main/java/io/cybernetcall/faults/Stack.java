package io.cybernetcall.faults;

import io.cybernetcall.testsupport.JavaServiceProcess;
import io.cybernetcall.testsupport.TcpProxy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The packaged services as real processes on fixed ports, so that one killed with -9 comes back
 * where its clients expect it: auth-service, two signaling replicas (B reaches Redis through a TCP
 * proxy the campaign can cut), signal-store-service and notification-service.
 */
final class Stack implements AutoCloseable {

  static final String AUTH = "auth";
  static final String SIGNALING_A = "signaling-a";
  static final String SIGNALING_B = "signaling-b";
  static final String SIGNAL_STORE = "signal-store";
  static final String NOTIFICATION = "notification";

  private final Path root;
  private final Path logs;
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> environments = new HashMap<>();
  private final Map<String, JavaServiceProcess> running = new LinkedHashMap<>();
  private final HttpClient http = HttpClient.newHttpClient();
  final TcpProxy redisForB;

  Stack(Path root, Path work, PrivateRedis redis, PrivatePostgres postgres, Mailbox mail)
      throws IOException {
    this.root = root;
    this.logs = Files.createDirectories(work.resolve("logs"));
    for (String name : new String[] {AUTH, SIGNALING_A, SIGNALING_B, SIGNAL_STORE, NOTIFICATION}) {
      ports.put(name, JavaServiceProcess.freePort());
    }
    String issuer = url(AUTH);
    redisForB = new TcpProxy(JavaServiceProcess.freePort(), redis.port());
    redisForB.start();
    environments.put(
        AUTH,
        Map.of(
            "AUTH_ISSUER",
            issuer,
            "AUTH_SIGNING_DEV_KEY_DIR",
            work.resolve("keys").toString(),
            "AUTH_ACCESS_TOKEN_LIFETIME",
            "PT15M",
            "DB_URL",
            postgres.jdbcUrl("cybernet_auth"),
            "DB_USER",
            "postgres",
            "REDIS_URL",
            redis.url()));
    environments.put(SIGNALING_A, signaling(issuer, redis.url(), "signaling-a"));
    environments.put(
        SIGNALING_B, signaling(issuer, "redis://127.0.0.1:" + redisForB.port(), "signaling-b"));
    environments.put(
        SIGNAL_STORE,
        Map.of(
            "AUTH_SERVER_URL",
            issuer,
            "DB_PORT",
            Integer.toString(postgres.port()),
            "DB_USER",
            "postgres",
            "REDIS_URL",
            redis.url(),
            "SIGNAL_STORE_REPLICA_ID",
            "store-1"));
    environments.put(
        NOTIFICATION,
        Map.of(
            "AUTH_SERVER_URL", issuer,
            "DB_URL", postgres.jdbcUrl("cybernet_notification"),
            "DB_USER", "postgres",
            "REDIS_URL", redis.url(),
            "SMTP_HOST", "127.0.0.1",
            "SMTP_PORT", Integer.toString(mail.port()),
            "NOTIFICATION_REPLICA_ID", "notification-1",
            "NOTIFICATION_RETRY_BASE_DELAY", "PT1S",
            "NOTIFICATION_RETRY_MAX_DELAY", "PT5S"));
  }

  private static Map<String, String> signaling(String issuer, String redis, String replica) {
    return Map.of(
        "AUTH_SERVER_URL", issuer,
        "SIGNALING_AUTH_URL", issuer,
        "REDIS_URL", redis,
        "SIGNALING_REPLICA_ID", replica,
        "SIGNALING_ALLOWED_ORIGINS", "http://localhost:8080");
  }

  void startAll() {
    ports.keySet().forEach(this::start);
  }

  void start(String name) {
    Path jar =
        root.resolve(name.startsWith("signaling-") ? "signaling-service" : name + "-service")
            .resolve("target/quarkus-app/quarkus-run.jar");
    running.put(
        name,
        JavaServiceProcess.start(
            jar, ports.get(name), environments.get(name), logs.resolve(name + ".log")));
  }

  /** The process id of a running service. */
  long pid(String name) {
    return running.get(name).pid();
  }

  void kill9(String name) {
    running.remove(name).kill();
  }

  String url(String name) {
    return "http://127.0.0.1:" + ports.get(name);
  }

  /** Whether every running service answers its readiness probe with 200. */
  boolean allReady() {
    for (String name : running.keySet()) {
      try {
        HttpResponse<Void> ready =
            http.send(
                HttpRequest.newBuilder(URI.create(url(name) + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (ready.statusCode() != 200) {
          return false;
        }
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    running.values().forEach(JavaServiceProcess::close);
    redisForB.close();
  }
}
