package io.cybernetcall.signaling.config;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * One Vert.x event loop per available CPU instead of Vert.x's default of two. Relaying a frame from
 * a socket on one loop to a socket on another is a task handed across threads; with more loops than
 * CPUs every such hand-over is also a thread switch. On one CPU, one loop used 20–30 % less CPU per
 * relayed frame than two (docs/benchmarks.md). Lowest precedence: {@code
 * quarkus.vertx.event-loops-pool-size} in the environment or application.properties wins.
 */
public class EventLoopsConfigSource implements ConfigSource {

  static final String EVENT_LOOPS = "quarkus.vertx.event-loops-pool-size";

  @Override
  public Set<String> getPropertyNames() {
    return Set.of(EVENT_LOOPS);
  }

  @Override
  public Map<String, String> getProperties() {
    return Map.of(EVENT_LOOPS, getValue(EVENT_LOOPS));
  }

  @Override
  public String getValue(String propertyName) {
    // Asked at run time, so a native image counts the CPUs of the machine it runs on.
    return EVENT_LOOPS.equals(propertyName)
        ? Integer.toString(Runtime.getRuntime().availableProcessors())
        : null;
  }

  @Override
  public String getName() {
    return "signaling-event-loops-per-cpu";
  }

  @Override
  public int getOrdinal() {
    // Below application.properties (250) and the environment (300).
    return 50;
  }
}
