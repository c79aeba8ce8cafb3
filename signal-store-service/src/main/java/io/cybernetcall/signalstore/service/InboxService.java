package io.cybernetcall.signalstore.service;

import io.cybernetcall.signalstore.config.SignalStoreConfig;
import io.cybernetcall.signalstore.repository.SignalRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A recipient's inbox: fetch after a sequence number, long-poll until something arrives, and
 * acknowledge. Every operation is scoped to the authenticated user; there is no way to name another
 * recipient.
 */
@ApplicationScoped
public class InboxService {

  private final SignalRepository signals;
  private final PollAdmission admission;
  private final InboxWaiters waiters;
  private final StoreMetrics metrics;
  private final SignalStoreConfig config;
  private final Clock clock;

  public InboxService(
      SignalRepository signals,
      PollAdmission admission,
      InboxWaiters waiters,
      StoreMetrics metrics,
      SignalStoreConfig config,
      Clock clock) {
    this.signals = signals;
    this.admission = admission;
    this.waiters = waiters;
    this.metrics = metrics;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Signals after {@code after} (the acknowledged sequence number when null). With a {@code wait}
   * above zero and nothing to return, holds the request until a signal for the user is stored or
   * the wait is over (then an empty page).
   */
  public Uni<InboxPage> receive(UUID userId, Long after, int limit, Duration wait) {
    if (wait.isZero()) {
      return admission.admitRequest(userId).flatMap(ok -> fetch(userId, after, limit));
    }
    Context context = Vertx.currentContext();
    String pollId = UUID.randomUUID().toString();
    long deadline = clock.millis() + wait.toMillis();
    return admission
        .startPoll(userId, pollId, wait.toMillis())
        .flatMap(
            admitted -> {
              InboxWaiters.Waiter waiter = waiters.register(userId, context);
              return pollUntil(waiter, userId, after, limit, deadline)
                  .onTermination()
                  .invoke(() -> waiters.remove(waiter))
                  .onTermination()
                  .call(() -> admission.endPoll(userId, pollId).onFailure().recoverWithNull());
            });
  }

  /** Acknowledges every signal up to {@code seq}; returns the user's acknowledged sequence. */
  public Uni<Long> acknowledge(UUID userId, long seq) {
    return admission
        .admitRequest(userId)
        .flatMap(ok -> Panache.withTransaction(() -> signals.acknowledge(userId, seq)));
  }

  private Uni<InboxPage> pollUntil(
      InboxWaiters.Waiter waiter, UUID userId, Long after, int limit, long deadline) {
    return fetch(userId, after, limit)
        .flatMap(
            page -> {
              long remaining = deadline - clock.millis();
              if (!page.isEmpty() || remaining <= 0) {
                return Uni.createFrom().item(page);
              }
              long sleep =
                  page.retryInMillis() > 0 ? Math.min(remaining, page.retryInMillis()) : remaining;
              return waiter
                  .await(sleep)
                  .flatMap(woken -> pollUntil(waiter, userId, page.lastSeq(), limit, deadline));
            });
  }

  private Uni<InboxPage> fetch(UUID userId, Long after, int limit) {
    return Panache.withSession(
            () ->
                signals
                    .ackedSeq(userId)
                    .flatMap(
                        acked -> {
                          long from = after == null ? acked : after;
                          return signals
                              .after(userId, from, limit + 1)
                              .map(rows -> InboxOrder.page(rows, from, acked, limit, graceStart()));
                        }))
        .invoke(page -> metrics.delivered(page.frames().size()));
  }

  /** Rows stored before this may be skipped over a gap that did not fill (InboxOrder). */
  private OffsetDateTime graceStart() {
    return OffsetDateTime.now(clock).minus(config.inbox().gapGrace());
  }
}
