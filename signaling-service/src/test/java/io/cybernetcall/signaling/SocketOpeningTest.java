package io.cybernetcall.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.cybernetcall.contracts.signaling.FrameTypes;
import io.cybernetcall.signaling.presence.SessionRegistry;
import io.cybernetcall.testsupport.AuthServiceProcess;
import io.cybernetcall.testsupport.Frames;
import io.cybernetcall.testsupport.RealAccounts;
import io.cybernetcall.testsupport.RealAccounts.User;
import io.cybernetcall.testsupport.SignalingSocket;
import io.cybernetcall.testsupport.TestRedis;
import io.cybernetcall.testsupport.WithAuthService;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * What happens while a socket is still being set up. The endpoint orders a socket's frames itself
 * (websockets-next runs its callbacks concurrently), so frames sent before the {@code welcome} must
 * wait for it, and a socket closed meanwhile must not be registered after it was taken down. The
 * set-up is held up for real: {@code CLIENT PAUSE ... WRITE} lets the upgrade's read through and
 * makes the session's registration wait.
 */
@QuarkusTest
@WithAuthService(database = "cybernet_auth_signaling", redisDb = "3")
class SocketOpeningTest {

  private static final int PAUSE_MILLIS = 1_500;

  @TestHTTPResource("/")
  URI base;

  @ConfigProperty(name = AuthServiceProcess.ISSUER_PROPERTY)
  String issuer;

  @Inject SessionRegistry registry;

  @Test
  void framesSentBeforeTheWelcomeAreHandledAfterItInOrder() throws Exception {
    User alice = new RealAccounts(issuer).create("alice");

    TestRedis.pauseWrites(PAUSE_MILLIS);
    try (SignalingSocket socket = SignalingSocket.connect(base.toString(), alice.accessToken())) {
      socket.send("{\"type\":\"refresh-ice-servers\"}");
      socket.send("{\"type\":\"refresh-ice-servers\"}");

      // Nothing answers while the session cannot be registered, not even the frames that need no
      // Redis: they wait behind the opening.
      assertThat(socket.nextAny(PAUSE_MILLIS / 2)).isNull();
      assertThat(Frames.type(socket.nextAny(10_000))).isEqualTo(FrameTypes.WELCOME);
      assertThat(Frames.type(socket.nextAny(5_000))).isEqualTo(FrameTypes.ICE_SERVERS);
      assertThat(Frames.type(socket.nextAny(5_000))).isEqualTo(FrameTypes.ICE_SERVERS);
    }
  }

  @Test
  void aSocketClosedWhileItOpensLeavesNoSessionBehind() throws Exception {
    User alice = new RealAccounts(issuer).create("alice");

    TestRedis.pauseWrites(PAUSE_MILLIS);
    SignalingSocket socket = SignalingSocket.connect(base.toString(), alice.accessToken());
    // Closed before its session could be registered: the take-down waits for the set-up instead
    // of running first and leaving the registration behind.
    socket.close();

    // Once the paused writes have all run, the registration among them, no session is left.
    Thread.sleep(PAUSE_MILLIS);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    long sessions;
    while ((sessions = registry.count(alice.id()).await().atMost(Duration.ofSeconds(5))) != 0
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(sessions).isZero();
  }
}
