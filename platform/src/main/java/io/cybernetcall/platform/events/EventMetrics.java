package io.cybernetcall.platform.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** {@code cybernet_events_total{group, outcome}}: what each consumer group did with its events. */
final class EventMetrics {

  private final Counter applied;
  private final Counter retried;
  private final Counter deadLettered;
  private final Counter reclaimed;

  EventMetrics(MeterRegistry registry, String group) {
    applied = counter(registry, group, "applied");
    retried = counter(registry, group, "retried");
    deadLettered = counter(registry, group, "dead-lettered");
    reclaimed = counter(registry, group, "reclaimed");
  }

  private static Counter counter(MeterRegistry registry, String group, String outcome) {
    return Counter.builder("cybernet.events")
        .tag("group", group)
        .tag("outcome", outcome)
        .description("Events a consumer group handled, by outcome")
        .register(registry);
  }

  void applied(int count) {
    applied.increment(count);
  }

  void retried() {
    retried.increment();
  }

  void deadLettered() {
    deadLettered.increment();
  }

  void reclaimed(int count) {
    reclaimed.increment(count);
  }
}
