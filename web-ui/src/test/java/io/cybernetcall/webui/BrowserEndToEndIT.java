package io.cybernetcall.webui;

import static org.assertj.core.api.Assertions.assertThat;

import io.cybernetcall.testsupport.AuthServiceProcess;
import io.cybernetcall.testsupport.JavaServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The browser end-to-end suite ({@code web-ui/e2e}, Node + playwright-core driving Debian's
 * Chromium) against the real stack: the packaged auth-service, signaling-service,
 * signal-store-service and this web-ui as processes, and a local coturn in ephemeral-credential
 * mode. Redis database 9; databases {@code cybernet_auth_e2e} and {@code
 * cybernet_signal_store_e2e}. Screenshots and the throughput figures land in {@code target/e2e}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserEndToEndIT {

  private static final String REDIS = "redis://127.0.0.1:6379/9";

  private final AuthServiceProcess auth = new AuthServiceProcess();
  private final Map<String, JavaServiceProcess> services = new LinkedHashMap<>();
  private Process coturn;
  private String webUiUrl;
  private Path workDir;

  @BeforeAll
  void startTheStack() throws Exception {
    workDir = Files.createTempDirectory("cybernet-e2e");
    auth.init(Map.of("database", "cybernet_auth_e2e", "redis-db", "9"));
    String issuer = auth.start().get(AuthServiceProcess.ISSUER_PROPERTY);

    int turnPort = JavaServiceProcess.freePort();
    String turnSecret = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
    coturn = startCoturn(turnPort, turnSecret);

    int webUiPort = JavaServiceProcess.freePort();
    // "localhost", not 127.0.0.1: the session cookie is Secure, which browsers honour over plain
    // HTTP only for localhost.
    webUiUrl = "http://localhost:" + webUiPort;
    start(
        "signaling",
        Map.of(
            "AUTH_SERVER_URL", issuer,
            "SIGNALING_AUTH_URL", issuer,
            "REDIS_URL", REDIS,
            "SIGNALING_ALLOWED_ORIGINS", webUiUrl,
            "SIGNALING_ICE_STUN_URLS", "stun:127.0.0.1:" + turnPort,
            "SIGNALING_ICE_TURN_URLS", "turn:127.0.0.1:" + turnPort + "?transport=udp",
            "SIGNALING_ICE_TURN_SECRET", turnSecret));
    start(
        "signal.store",
        Map.of(
            "AUTH_SERVER_URL", issuer,
            "REDIS_URL", REDIS,
            "DB_NAME", "cybernet_signal_store_e2e",
            "QUARKUS_FLYWAY_CLEAN_DISABLED", "false",
            "QUARKUS_FLYWAY_CLEAN_AT_START", "true"));
    Path webUiLog = workDir.resolve("web-ui.log");
    services.put(
        "web.ui",
        JavaServiceProcess.start(
            Path.of(System.getProperty("web.ui.jar")),
            webUiPort,
            Map.of(
                "WEB_UI_AUTH_URL",
                issuer,
                "WEB_UI_SIGNALING_URL",
                services.get("signaling").baseUrl(),
                "WEB_UI_SIGNAL_STORE_URL",
                services.get("signal.store").baseUrl(),
                "WEB_UI_ALLOWED_ORIGINS",
                webUiUrl),
            webUiLog));
  }

  @AfterAll
  void stopTheStack() {
    services.values().forEach(JavaServiceProcess::close);
    if (coturn != null) {
      coturn.destroy();
    }
    auth.stop();
  }

  @Test
  void twoUsersInRealChromiumCallChatAndSendFilesPeerToPeer() throws Exception {
    Path e2e = Path.of(System.getProperty("e2e.dir"));
    assertThat(e2e.resolve("node_modules/playwright-core"))
        .as("npm packages of web-ui/e2e (scripts/ensure-infra.sh installs them)")
        .isDirectory();
    Path artifacts = Path.of(System.getProperty("e2e.artifacts"));
    Files.createDirectories(artifacts);
    ProcessBuilder node =
        new ProcessBuilder("node", "--test", "--test-concurrency=1")
            .directory(e2e.toFile())
            .redirectErrorStream(true)
            .redirectOutput(artifacts.resolve("node-test-output.txt").toFile());
    node.environment()
        .putAll(
            Map.of(
                "E2E_BASE_URL",
                webUiUrl,
                "E2E_TURN",
                "1",
                "E2E_ARTIFACTS",
                artifacts.toString(),
                "CHROMIUM",
                System.getProperty("chromium", "/usr/bin/chromium")));
    Process suite = node.start();
    boolean finished = suite.waitFor(15, TimeUnit.MINUTES);
    if (!finished) {
      suite.destroyForcibly();
    }
    // Surefire owns this JVM's stdout: the suite's TAP report is copied into it, not inherited.
    System.out.println(Files.readString(artifacts.resolve("node-test-output.txt")));
    assertThat(finished).as("browser suite finished within 15 minutes").isTrue();
    assertThat(suite.exitValue())
        .as("browser suite exit code (its TAP output is above; service logs in %s)", workDir)
        .isZero();
  }

  private void start(String name, Map<String, String> environment) {
    services.put(
        name,
        JavaServiceProcess.start(
            Path.of(System.getProperty(name + ".jar")),
            JavaServiceProcess.freePort(),
            environment,
            workDir.resolve(name + ".log")));
  }

  /**
   * coturn on loopback with ephemeral (REST API) credentials; loopback peers are allowed here only
   * because both browsers are on this machine.
   */
  private Process startCoturn(int port, String secret) throws IOException {
    int relayBase = 50_000 + new SecureRandom().nextInt(150) * 100;
    Path config = workDir.resolve("turnserver.conf");
    Files.writeString(
        config,
        String.join(
            "\n",
            "listening-ip=127.0.0.1",
            "relay-ip=127.0.0.1",
            "listening-port=" + port,
            "min-port=" + relayBase,
            "max-port=" + (relayBase + 99),
            "use-auth-secret",
            "static-auth-secret=" + secret,
            "realm=cybernet.test",
            "allow-loopback-peers",
            "no-tls",
            "no-dtls",
            "no-cli",
            "fingerprint",
            "log-file=" + workDir.resolve("turnserver.log"),
            ""));
    Process process =
        new ProcessBuilder("turnserver", "-c", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(workDir.resolve("turnserver.out").toFile())
            .start();
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    assertThat(process.isAlive()).as("turnserver started (see %s)", workDir).isTrue();
    return process;
  }
}
