package io.cybernetcall.webui;

import io.cybernetcall.testsupport.AuthServiceProcess;
import io.cybernetcall.testsupport.JavaServiceProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The packaged auth-service and signaling-service as processes (Redis database 8), with the gateway
 * pointed at them. signal-store and notification are left unreachable on purpose.
 */
public class ServicesBehindTheGateway implements QuarkusTestResourceLifecycleManager {

  private final AuthServiceProcess auth = new AuthServiceProcess();
  private JavaServiceProcess signaling;

  @Override
  public Map<String, String> start() {
    auth.init(Map.of("database", "cybernet_auth_webui", "redis-db", "8"));
    String issuer = auth.start().get(AuthServiceProcess.ISSUER_PROPERTY);
    try {
      Path log = Files.createTempFile("signaling-behind-gateway", ".log");
      signaling =
          JavaServiceProcess.start(
              Path.of(System.getProperty("signaling.service.jar")),
              JavaServiceProcess.freePort(),
              Map.of(
                  "AUTH_SERVER_URL", issuer,
                  "SIGNALING_AUTH_URL", issuer,
                  "REDIS_URL", "redis://127.0.0.1:6379/8"),
              log);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return Map.of(
        AuthServiceProcess.ISSUER_PROPERTY,
        issuer,
        "web-ui.auth-url",
        issuer,
        "web-ui.signaling-url",
        signaling.baseUrl(),
        "web-ui.signal-store-url",
        "http://127.0.0.1:" + JavaServiceProcess.freePort(),
        "web-ui.notification-url",
        "http://127.0.0.1:" + JavaServiceProcess.freePort());
  }

  @Override
  public void stop() {
    if (signaling != null) {
      signaling.close();
    }
    auth.stop();
  }
}
