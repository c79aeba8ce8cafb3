package io.cybernetcall.signalstore.service;

import io.cybernetcall.platform.redis.ChannelSubscription;
import io.cybernetcall.platform.redis.RedisChannels;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Collection;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Wakes long-polls on every replica when signals are committed: the consumer publishes the
 * recipients on one Redis channel (sharded on a Redis Cluster: {@link RedisChannels}), each replica
 * wakes the polls it holds for them. A lost message costs latency (the poll times out and the
 * client polls again), never a signal.
 */
@ApplicationScoped
public class InboxWakeups {

  private static final Logger LOG = Logger.getLogger(InboxWakeups.class);

  private final RedisChannels channels;
  private final InboxWaiters waiters;
  private volatile ChannelSubscription subscription;

  public InboxWakeups(RedisChannels channels, InboxWaiters waiters) {
    this.channels = channels;
    this.waiters = waiters;
  }

  void start(@Observes StartupEvent started) {
    subscription = channels.subscribe(RedisKeys.storedChannel(), this::wakeAll);
  }

  void stop(@Observes ShutdownEvent stopping) {
    if (subscription != null) {
      subscription.close();
    }
  }

  /** Announces that signals for these recipients are committed. */
  public Uni<Void> announce(Collection<UUID> recipients) {
    if (recipients.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    String message = recipients.stream().map(UUID::toString).collect(Collectors.joining(" "));
    return Uni.createFrom()
        .completionStage(
            () -> channels.publish(RedisKeys.storedChannel(), message).toCompletionStage())
        .replaceWithVoid();
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
}
