package io.cybernetcall.auth.service;

import io.cybernetcall.auth.config.AuthConfig;
import io.cybernetcall.auth.model.OutboxEvent;
import io.cybernetcall.auth.repository.OutboxRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
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
  static final String RELAY_JOB = "outbox-relay";
  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

  private final OutboxRepository outbox;
  private final EventPublisher publisher;
  private final AuthConfig config;
  private final Clock clock;
  private final Counter published;
  private final Counter failures;
  private final AtomicLong pending = new AtomicLong();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();
  private final Scheduler scheduler;
  private final ExecutorService executor;

  public OutboxRelay(
      OutboxRepository outbox,
      EventPublisher publisher,
      AuthConfig config,
      Clock clock,
      MeterRegistry registry,
      Scheduler scheduler) {
    this.scheduler = scheduler;
    // A plain thread on purpose: a context-propagating executor would hand the relay the
    // transaction that just committed, and it must start its own.
    this.executor =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "outbox-relay");
              thread.setDaemon(true);
              return thread;
            });
    this.outbox = outbox;
    this.publisher = publisher;
    this.config = config;
    this.clock = clock;
    this.published = registry.counter("auth_outbox_published");
    this.failures = registry.counter("auth_outbox_relay_failures");
    Gauge.builder("auth_outbox_pending", pending, AtomicLong::get).register(registry);
  }

  @PreDestroy
  void stop() {
    executor.shutdownNow();
  }

  /** Relays as soon as a transaction that wrote events has committed. */
  void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWritten written) {
    executor.execute(this::drain);
  }

  /** Safety net: events whose after-commit relay failed (Redis down) are retried from here. */
  @Scheduled(identity = RELAY_JOB, every = "${auth.outbox.poll-interval}")
  void poll() {
    drain();
  }

  /**
   * Relays until nothing is pending. One drain runs at a time per replica; a request that comes in
   * while one runs makes it go round once more, so no committed event waits for the next poll.
   * Pausing the {@value #RELAY_JOB} job pauses relaying altogether.
   */
  void drain() {
    again.set(true);
    if (scheduler.isPaused(RELAY_JOB) || !draining.compareAndSet(false, true)) {
      return;
    }
    try {
      while (again.getAndSet(false)) {
        while (relayBatch() == config.outbox().batchSize()) {
          // A full batch means more may be waiting.
        }
      }
      pending.set(QuarkusTransaction.requiringNew().call(outbox::countPending));
    } catch (RuntimeException e) {
      failures.increment();
      // Redis or PostgreSQL unavailable: nothing was marked; the poll retries the same events.
      LOG.warnf("Outbox relay failed, will retry: %s", e.toString());
    } finally {
      draining.set(false);
    }
    if (again.get() && !scheduler.isPaused(RELAY_JOB)) {
      drain();
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
