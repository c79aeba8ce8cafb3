package io.cybernetcall.webui;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Calls across NATs ({@code web-ui/e2e/nat.test.mjs}): two Chromiums in "home" network namespaces
 * behind NAT routers, this stack and coturn on a "public" network. signaling-service hands out
 * exactly what a deployment would: ICE servers derived from the one {@code SIGNALING_ICE_SERVER}
 * setting (coturn's public address) and short-lived credentials for its secret. Redis database 8.
 * Needs root (the suite builds and removes its namespaces itself).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossNatCallIT {

  /** coturn's address on the test's public network (nat/topology.sh). */
  private static final String PUBLIC_TURN_ADDRESS = "203.0.113.1";

  private final String turnSecret = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
  private BrowserStack stack;

  @BeforeAll
  void startTheStack() throws Exception {
    stack =
        new BrowserStack(
            "8",
            Map.of(
                "SIGNALING_ICE_SERVER", PUBLIC_TURN_ADDRESS,
                "SIGNALING_ICE_TURN_SECRET", turnSecret));
  }

  @AfterAll
  void stopTheStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void callsConnectDirectlyThroughConeNatsAndRelayedThroughSymmetricOnes() throws Exception {
    stack.runSuite(
        "nat.test.mjs",
        Map.of("E2E_WEB_PORT", Integer.toString(stack.webUiPort()), "E2E_TURN_SECRET", turnSecret),
        10);
  }
}
