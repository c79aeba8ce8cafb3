package io.cybernetcall.auth.service;

import io.cybernetcall.auth.config.AuthConfig;
import io.cybernetcall.auth.model.OutboxEvent;
import io.cybernetcall.auth.repository.OutboxRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Moves committed outbox events to Redis Streams, oldest first. Safe to run on every replica at
 * once ({@code FOR UPDATE SKIP LOCKED}) and to kill at any point: a batch is marked published in
 * the same transaction that locked it, and a re-publication after a crash is dropped by {@link
 * EventPublisher}.
 */
@ApplicationScoped
public class OutboxRelay {

  static final String SOURCE = "auth-service";
  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

  private final OutboxRepository outbox;
  private final EventPublisher publisher;
  private final AuthConfig config;
  private final Clock clock;
  private final Counter published;
  private final Counter failures;
  private final AtomicLong pending = new AtomicLong();

  public OutboxRelay(
      OutboxRepository outbox,
      EventPublisher publisher,
      AuthConfig config,
      Clock clock,
      MeterRegistry registry) {
    this.outbox = outbox;
    this.publisher = publisher;
    this.config = config;
    this.clock = clock;
    this.published = registry.counter("auth_outbox_published");
    this.failures = registry.counter("auth_outbox_relay_failures");
    Gauge.builder("auth_outbox_pending", pending, AtomicLong::get).register(registry);
  }

  @Scheduled(
      identity = "outbox-relay",
      every = "${auth.outbox.poll-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void relayPending() {
    try {
      while (relayBatch() == config.outbox().batchSize()) {
        // A full batch means more may be waiting: keep going instead of waiting for the next tick.
      }
      pending.set(QuarkusTransaction.requiringNew().call(outbox::countPending));
    } catch (RuntimeException e) {
      failures.increment();
      // Redis or PostgreSQL unavailable: nothing was marked, the next tick retries the same events.
      LOG.warnf("Outbox relay failed, will retry: %s", e.toString());
    }
  }

  /** Publishes one batch and marks it; returns how many events it handled. */
  @Transactional
  public int relayBatch() {
    List<OutboxEvent> batch = outbox.lockNextBatch(config.outbox().batchSize());
    for (OutboxEvent event : batch) {
      publisher.publishOnce(event, SOURCE);
      event.publishedAt = clock.instant();
      published.increment();
    }
    return batch.size();
  }

  @Scheduled(identity = "outbox-cleanup", every = "1h", delayed = "1m")
  @Transactional
  void deleteOldPublished() {
    long deleted = outbox.deletePublishedBefore(clock.instant().minus(config.outbox().retention()));
    if (deleted > 0) {
      LOG.debugf("Deleted %d published outbox events", deleted);
    }
  }
}
