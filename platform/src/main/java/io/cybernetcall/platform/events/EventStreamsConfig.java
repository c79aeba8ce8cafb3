package io.cybernetcall.platform.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How every service writes and reads event streams. Each property is also an environment variable
 * ({@code cybernet.events.consumer.max-attempts} is {@code CYBERNET_EVENTS_CONSUMER_MAX_ATTEMPTS}).
 */
@ConfigMapping(prefix = "cybernet.events")
public interface EventStreamsConfig {

  /** Approximate length every event stream is trimmed to when a producer appends (MAXLEN ~). */
  @WithDefault("100000")
  long streamMaxLength();

  /** Approximate length of each consumer group's dead-letter stream. */
  @WithDefault("10000")
  long deadLetterMaxLength();

  /**
   * Shards of the signal stream ({@code signal.routed}), each its own stream with its own hash tag,
   * so a Redis Cluster spreads them over its masters: at least as many as masters, and a multiple
   * of their number for an even spread. Fixed for the life of a deployment's data: each user's
   * signaling keys live beside one shard, so signaling-service refuses to start with a number other
   * than the one its data was written with.
   */
  @WithDefault("12")
  int signalShards();

  Consumer consumer();

  /** Consumer groups: reading, reclaiming, retrying, dead-lettering. */
  interface Consumer {

    /** Entries read at a time (and, where a service batches, applied in one statement). */
    @WithDefault("100")
    int batchSize();

    /** How long one read waits for new entries before it checks for work again. */
    @WithDefault("PT1S")
    Duration block();

    /** An entry another consumer read and did not acknowledge for this long is taken over. */
    @WithDefault("PT30S")
    Duration reclaimAfter();

    /** How often entries crashed consumers left pending are looked for. */
    @WithDefault("PT10S")
    Duration reclaimInterval();

    /**
     * Failed attempts (the dependencies being reachable) after which an entry is moved to the
     * group's dead-letter stream, {@code cybernet:dead:<group>}.
     */
    @WithDefault("5")
    int maxAttempts();

    /** First pause after a failure; each further failure doubles it up to {@link #maxBackoff}. */
    @WithDefault("PT0.25S")
    Duration backoff();

    /** Longest pause between attempts, including while a dependency is down. */
    @WithDefault("PT2S")
    Duration maxBackoff();
  }
}
