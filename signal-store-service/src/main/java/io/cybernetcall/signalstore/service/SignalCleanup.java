package io.cybernetcall.signalstore.service;

import io.cybernetcall.signalstore.config.SignalStoreConfig;
import io.cybernetcall.signalstore.repository.SignalRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Deletes acknowledged signals after {@code ackedTtl}, the others after {@code unackedTtl}, and
 * kept ones (relayed messages and their receipts) once their {@code keep_until} has passed, in
 * batches of {@code batchSize} rows: each statement locks only the rows it deletes ({@code SKIP
 * LOCKED}), so replicas can run it at once and inbox reads are never blocked for long.
 */
@ApplicationScoped
public class SignalCleanup {

  private static final Logger LOG = Logger.getLogger(SignalCleanup.class);
  // Bounds one run; whatever is left is picked up by the next run.
  private static final int MAX_BATCHES_PER_RUN = 50;

  private final SignalRepository signals;
  private final StoreMetrics metrics;
  private final SignalStoreConfig config;
  private final Clock clock;

  public SignalCleanup(
      SignalRepository signals, StoreMetrics metrics, SignalStoreConfig config, Clock clock) {
    this.signals = signals;
    this.metrics = metrics;
    this.config = config;
    this.clock = clock;
  }

  @Scheduled(
      every = "${signal-store.cleanup.interval:10s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      identity = "signal-cleanup")
  Uni<Void> run() {
    return cleanUp()
        .onFailure()
        .invoke(e -> LOG.warnf("Signal cleanup failed, next run retries: %s", e.toString()))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  /** One cleanup pass; returns how many signals it deleted. */
  public Uni<Integer> cleanUp() {
    return cleanUp(clock.instant());
  }

  /** One cleanup pass as if it ran at {@code at}: what is older than a TTL then is deleted. */
  public Uni<Integer> cleanUp(Instant at) {
    OffsetDateTime now = at.atOffset(ZoneOffset.UTC);
    OffsetDateTime ackedCutoff = now.minus(config.cleanup().ackedTtl());
    OffsetDateTime unackedCutoff = now.minus(config.cleanup().unackedTtl());
    int batch = config.cleanup().batchSize();
    // The three sets are disjoint (kept rows have keep_until; the others do not).
    return Uni.combine()
        .all()
        .unis(
            deleteInBatches(limit -> signals.deleteAckedBefore(ackedCutoff, limit), batch, 0, 0),
            deleteInBatches(
                limit -> signals.deleteUnackedBefore(unackedCutoff, limit), batch, 0, 0),
            deleteInBatches(limit -> signals.deleteKeptUntil(now, limit), batch, 0, 0))
        .with(
            (acked, unacked, kept) -> {
              metrics.expired(acked, unacked, kept);
              return acked + unacked + kept;
            });
  }

  private Uni<Integer> deleteInBatches(
      Function<Integer, Uni<Integer>> delete, int batch, int deletedSoFar, int batches) {
    return delete
        .apply(batch)
        .flatMap(
            deleted ->
                deleted < batch || batches + 1 >= MAX_BATCHES_PER_RUN
                    ? Uni.createFrom().item(deletedSoFar + deleted)
                    : deleteInBatches(delete, batch, deletedSoFar + deleted, batches + 1));
  }
}
