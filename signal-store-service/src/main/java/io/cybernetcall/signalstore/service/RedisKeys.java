package io.cybernetcall.signalstore.service;

import io.cybernetcall.contracts.events.StreamNames;
import java.util.UUID;

/**
 * Every Redis key and channel signal-store-service uses, in one place. The long-poll keys carry the
 * inbox-event stream's name as their hash tag: a poll's admission appends {@code
 * inbox.polling-started} in the same script, so in a Redis Cluster they share that stream's slot
 * (the stream's key has no tag and hashes its whole name). Long-polling is the fallback path; one
 * slot carries it.
 */
final class RedisKeys {

  private static final String PREFIX = "cybernet:store:";
  private static final String POLLS = PREFIX + "{" + StreamNames.INBOX_EVENTS + "}:";

  private RedisKeys() {}

  /** Pub/sub channel: space-separated recipient ids whose new signals were just committed. */
  static String storedChannel() {
    return PREFIX + "stored";
  }

  /** Sorted set of a user's open long-polls: poll id → hold deadline (epoch ms). */
  static String polls(UUID userId) {
    return POLLS + "polls:" + userId;
  }

  /** Sorted set of users online by long-poll: user id → presence deadline (epoch ms). */
  static String pollers() {
    return POLLS + "pollers";
  }

  /** Fixed one-second window of a user's inbox requests. */
  static String rate(UUID userId) {
    return POLLS + "rate:" + userId;
  }
}
