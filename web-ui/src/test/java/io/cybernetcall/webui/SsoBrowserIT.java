package io.cybernetcall.webui;

import io.cybernetcall.testsupport.Keycloak;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two people sign in through a real Keycloak's login page in Chromium, become contacts and call
 * each other; a person disabled in Keycloak is signed out (web-ui/e2e/sso.test.mjs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SsoBrowserIT {

  private BrowserStack stack;

  @BeforeAll
  void startTheStack() throws Exception {
    stack =
        new BrowserStack(
            "12",
            Map.of("SIGNALING_ICE_STUN_URLS", "stun:127.0.0.1:9"),
            false,
            Keycloak.issuer(Keycloak.REALM));
  }

  @AfterAll
  void stopTheStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void peopleSignInThroughKeycloakAndCallEachOther() throws Exception {
    stack.runSuite(
        "sso.test.mjs",
        Map.of(
            "E2E_SSO_PASSWORD", Keycloak.settings().get("CYBERNET_SSO_USER_PASSWORD"),
            "E2E_SSO_ISSUER", Keycloak.issuer(Keycloak.REALM),
            "E2E_SSO_OTHER_ISSUER", Keycloak.issuer(Keycloak.OTHER_REALM),
            "E2E_SSO_CLIENT_SECRET", Keycloak.settings().get("CYBERNET_SSO_CLIENT_SECRET"),
            "E2E_KEYCLOAK_ADMIN_PASSWORD", Keycloak.settings().get("KEYCLOAK_ADMIN_PASSWORD")),
        8);
  }
}
