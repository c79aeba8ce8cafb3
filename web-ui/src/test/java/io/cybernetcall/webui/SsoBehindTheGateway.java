package io.cybernetcall.webui;

import io.cybernetcall.testsupport.AuthServiceProcess;
import io.cybernetcall.testsupport.Keycloak;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real Keycloak (realm cybernet) and the packaged auth-service with single sign-on through it
 * (Redis database 9), with the gateway's code flow pointed at the same realm as client {@code
 * cybernet-web}.
 */
public class SsoBehindTheGateway implements QuarkusTestResourceLifecycleManager {

  private final AuthServiceProcess auth = new AuthServiceProcess();

  @Override
  public Map<String, String> start() {
    Map<String, String> keycloak = Keycloak.settings();
    String realm = Keycloak.issuer(Keycloak.REALM);
    auth.init(Map.of("database", "cybernet_auth_webui_sso", "redis-db", "9", "sso-issuer", realm));
    String issuer = auth.start().get(AuthServiceProcess.ISSUER_PROPERTY);
    // Keycloak's back-channel logouts reach auth-service through the gateway under test.
    Keycloak.setBackChannelLogoutUrl(
        Keycloak.REALM,
        keycloak.get("CYBERNET_SSO_CLIENT_ID"),
        "http://localhost:18080/api/auth/provider-logout");
    return Map.of(
        AuthServiceProcess.ISSUER_PROPERTY,
        issuer,
        "web-ui.auth-url",
        issuer,
        "web-ui.sso.enabled",
        "true",
        "web-ui.sso.issuer",
        realm,
        "web-ui.sso.client-id",
        keycloak.get("CYBERNET_SSO_CLIENT_ID"),
        "web-ui.sso.client-secret",
        keycloak.get("CYBERNET_SSO_CLIENT_SECRET"));
  }

  @Override
  public void stop() {
    auth.stop();
  }
}
