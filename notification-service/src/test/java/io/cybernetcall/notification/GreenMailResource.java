package io.cybernetcall.notification;

import io.cybernetcall.testsupport.JavaServiceProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Starts {@link TestSmtp} on a free port, points the mailer at it and hands it to the test. */
public class GreenMailResource implements QuarkusTestResourceLifecycleManager {

  private TestSmtp smtp;

  @Override
  public Map<String, String> start() {
    smtp = new TestSmtp(JavaServiceProcess.freePort());
    smtp.start();
    return Map.of(
        "quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port", Integer.toString(smtp.port()));
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(smtp, new TestInjector.MatchesType(TestSmtp.class));
  }

  @Override
  public void stop() {
    if (smtp != null) {
      smtp.stop();
    }
  }
}
