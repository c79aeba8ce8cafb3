package io.cybernetcall.webui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cybernetcall.testsupport.JavaServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The browser end-to-end suite ({@code web-ui/e2e/app.test.mjs}, Node + playwright-core driving
 * Debian's Chromium) against the real stack ({@link BrowserStack}) and a local coturn in
 * ephemeral-credential mode. Redis database 9. Screenshots and the throughput figures land in
 * {@code target/e2e}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserEndToEndIT {

  private BrowserStack stack;
  private Process coturn;

  @BeforeAll
  void startTheStack() throws Exception {
    int turnPort = JavaServiceProcess.freePort();
    String turnSecret = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
    Path coturnDir = Files.createTempDirectory("cybernet-e2e-coturn");
    coturn = startCoturn(coturnDir, turnPort, turnSecret);
    stack =
        new BrowserStack(
            "9",
            Map.of(
                "SIGNALING_ICE_STUN_URLS", "stun:127.0.0.1:" + turnPort,
                "SIGNALING_ICE_TURN_URLS", "turn:127.0.0.1:" + turnPort + "?transport=udp",
                "SIGNALING_ICE_TURN_SECRET", turnSecret));
  }

  @AfterAll
  void stopTheStack() {
    if (stack != null) {
      stack.close();
    }
    if (coturn != null) {
      coturn.destroy();
    }
  }

  @Test
  void twoUsersInRealChromiumCallChatAndSendFilesPeerToPeer() throws Exception {
    stack.runSuite("app.test.mjs", Map.of("E2E_TURN", "1"), 15);

    // After those calls (over the socket, over long-poll, through TURN) and data sessions: what the
    // servers kept of them is sealed, and nothing else.
    String redis = StoredSignalScan.redis("9");
    String rows = StoredSignalScan.signalStore("cybernet_signal_store_e2e");
    assertThat(redis).as("the suite's signals passed through Redis").contains("\"sealed\"");
    assertThat(rows).as("and were stored").contains("\"sealed\"");
    assertThat(StoredSignalScan.plaintextIn(redis)).as("plaintext in Redis").isEmpty();
    assertThat(StoredSignalScan.plaintextIn(rows)).as("plaintext in the signal store").isEmpty();
  }

  /**
   * coturn on loopback with ephemeral (REST API) credentials; loopback peers are allowed here only
   * because both browsers are on this machine (the cross-NAT suite runs the deployments' policy).
   */
  private static Process startCoturn(Path dir, int port, String secret) throws IOException {
    int relayBase = 50_000 + new SecureRandom().nextInt(150) * 100;
    Path config = dir.resolve("turnserver.conf");
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
            "log-file=" + dir.resolve("turnserver.log"),
            ""));
    Process process =
        new ProcessBuilder("turnserver", "-c", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("turnserver.out").toFile())
            .start();
    // Ready when its TCP listener accepts (it listens on the same port for UDP and TCP).
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              assertThat(process.isAlive()).as("turnserver started (see %s)", dir).isTrue();
              try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                return true;
              } catch (java.io.IOException notYet) {
                return false;
              }
            });
    return process;
  }
}
