package io.cybernetcall.signalstore.service;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Collection;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Wakes long-polls on every replica when signals are committed: the consumer publishes the
 * recipients on one Redis channel, each replica wakes the polls it holds for them. A lost message
 * costs latency (the poll times out and the client polls again), never a signal.
 */
@ApplicationScoped
public class InboxWakeups {

  private static final Logger LOG = Logger.getLogger(InboxWakeups.class);

  private final ReactiveRedisDataSource redis;
  private final InboxWaiters waiters;
  private volatile Cancellable subscription;
  private volatile boolean running;

  public InboxWakeups(ReactiveRedisDataSource redis, InboxWaiters waiters) {
    this.redis = redis;
    this.waiters = waiters;
  }

  void start(@Observes StartupEvent started) {
    running = true;
    subscribe();
  }

  void stop(@Observes ShutdownEvent stopping) {
    running = false;
    if (subscription != null) {
      subscription.cancel();
    }
  }

  /** Announces that signals for these recipients are committed. */
  public Uni<Void> announce(Collection<UUID> recipients) {
    if (recipients.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    String message = recipients.stream().map(UUID::toString).collect(Collectors.joining(" "));
    return redis.pubsub(String.class).publish(RedisKeys.storedChannel(), message);
  }

  private void subscribe() {
    subscription =
        redis
            .pubsub(String.class)
            .subscribe(RedisKeys.storedChannel())
            .subscribe()
            .with(this::wakeAll, this::resubscribeAfter, this::resubscribeAfterEnd);
  }

  private void wakeAll(String message) {
    for (String id : message.split(" ")) {
      try {
        waiters.wake(UUID.fromString(id));
      } catch (IllegalArgumentException e) {
        LOG.debugf("Ignoring a malformed wake-up: %s", id);
      }
    }
  }

  private void resubscribeAfter(Throwable failure) {
    LOG.warnf("Wake-up subscription failed, resubscribing: %s", failure.toString());
    resubscribeAfterEnd();
  }

  private void resubscribeAfterEnd() {
    if (running) {
      Uni.createFrom()
          .voidItem()
          .onItem()
          .delayIt()
          .by(Duration.ofSeconds(1))
          .subscribe()
          .with(ignored -> subscribe());
    }
  }
}
