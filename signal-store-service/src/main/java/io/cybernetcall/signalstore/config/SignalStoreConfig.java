package io.cybernetcall.signalstore.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything signal-store-service can be tuned with; each property is also an environment variable
 * ({@code signal-store.inbox.max-wait} is {@code SIGNAL_STORE_INBOX_MAX_WAIT}).
 */
@ConfigMapping(prefix = "signal-store")
public interface SignalStoreConfig {

  /** This replica's consumer name in the Redis consumer group; random unless set. */
  Optional<String> replicaId();

  Inbox inbox();

  Cleanup cleanup();

  /** The HTTP inbox: fetch, long-poll, acknowledge. */
  interface Inbox {

    /** Signals returned when the request names no limit. */
    @WithDefault("100")
    int defaultPageSize();

    /** Largest page a request may ask for. */
    @WithDefault("500")
    int maxPageSize();

    /** Longest a long-poll may be held (the {@code wait} parameter's upper bound). */
    @WithDefault("PT30S")
    Duration maxWait();

    /** Long-polls one user may hold open at once, across replicas. */
    @WithDefault("3")
    int maxConcurrentPolls();

    /** Inbox requests (fetch, poll, ack) one user may make per second, across replicas. */
    @WithDefault("20")
    int requestsPerSecond();

    /**
     * How long a missing sequence number holds back the signals after it. Several consumers may
     * commit a recipient's signals out of order; a gap older than this is a signal that will not
     * come (expired, dead-lettered) and is skipped.
     */
    @WithDefault("PT2S")
    Duration gapGrace();

    /** A user stays online for presence this long after their last long-poll ended. */
    @WithDefault("PT10S")
    Duration presenceGrace();

    /** How often users whose long-poll presence ran out are announced offline. */
    @WithDefault("1s")
    String presenceSweepInterval();
  }

  /** Deleting old signals. */
  interface Cleanup {

    /** Acknowledged signals are deleted this long after the acknowledgement. */
    @WithDefault("PT1M")
    Duration ackedTtl();

    /** Unacknowledged signals are deleted this long after they were stored. */
    @WithDefault("PT5M")
    Duration unackedTtl();

    /** Rows deleted per statement, so no statement holds its locks for long. */
    @WithDefault("1000")
    int batchSize();

    /** How often the cleanup runs (every replica runs it; they skip each other's rows). */
    @WithDefault("10s")
    String interval();
  }
}
