package io.cybernetcall.signalstore.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** Counters an operator watches: signals stored, delivered over HTTP, expired, dead-lettered. */
@ApplicationScoped
public class StoreMetrics {

  private final Counter stored;
  private final Counter duplicates;
  private final Counter delivered;
  private final Counter expiredAcked;
  private final Counter expiredUnacked;
  private final Counter expiredKept;

  public StoreMetrics(MeterRegistry registry) {
    stored =
        Counter.builder("signal_store_signals_stored")
            .description("Signals written to PostgreSQL")
            .register(registry);
    duplicates =
        Counter.builder("signal_store_signals_duplicate")
            .description("Redelivered events that found their signal already stored")
            .register(registry);
    delivered =
        Counter.builder("signal_store_signals_delivered")
            .description("Signals returned by inbox fetches and long-polls")
            .register(registry);
    expiredAcked =
        Counter.builder("signal_store_signals_expired")
            .tag("state", "acked")
            .description("Signals deleted by the TTL cleanup")
            .register(registry);
    expiredUnacked =
        Counter.builder("signal_store_signals_expired")
            .tag("state", "unacked")
            .description("Signals deleted by the TTL cleanup")
            .register(registry);
    expiredKept =
        Counter.builder("signal_store_signals_expired")
            .tag("state", "kept")
            .description("Signals deleted by the TTL cleanup")
            .register(registry);
  }

  public void stored(int count) {
    stored.increment(count);
  }

  public void duplicates(int count) {
    duplicates.increment(count);
  }

  public void delivered(int count) {
    delivered.increment(count);
  }

  public void expired(int acked, int unacked, int kept) {
    expiredAcked.increment(acked);
    expiredUnacked.increment(unacked);
    expiredKept.increment(kept);
  }
}
