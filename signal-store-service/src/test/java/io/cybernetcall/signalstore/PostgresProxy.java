package io.cybernetcall.signalstore;

import io.cybernetcall.testsupport.JavaServiceProcess;
import io.cybernetcall.testsupport.TcpProxy;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Puts a {@link TcpProxy} between the service and the real PostgreSQL, and hands it to the test (a
 * field of type {@code TcpProxy}) so it can take the database away and bring it back.
 */
public class PostgresProxy implements QuarkusTestResourceLifecycleManager {

  private TcpProxy proxy;

  @Override
  public Map<String, String> start() {
    proxy = new TcpProxy(JavaServiceProcess.freePort(), 5432);
    proxy.start();
    return Map.of("db.port", Integer.toString(proxy.port()));
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(proxy, new TestInjector.MatchesType(TcpProxy.class));
  }

  @Override
  public void stop() {
    if (proxy != null) {
      proxy.close();
    }
  }
}
