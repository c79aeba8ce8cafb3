package io.cybernetcall.webui;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The client's screens ({@code web-ui/e2e/client.test.mjs}) in real Chromium against a stack as a
 * developer runs it: local names accepted as origins, and STUN but no TURN relay, so "relay only"
 * meets a server without a relay. Redis database 11. Screenshots of every screen land in {@code
 * target/e2e}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserClientIT {

  private BrowserStack stack;

  @BeforeAll
  void startTheStack() throws Exception {
    stack = new BrowserStack("11", Map.of("SIGNALING_ICE_STUN_URLS", "stun:127.0.0.1:9"), true);
  }

  @AfterAll
  void stopTheStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void theClientsScreensWorkAndAreAccessible() throws Exception {
    stack.runSuite("client.test.mjs", Map.of(), 15);
  }
}
