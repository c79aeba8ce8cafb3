package io.cybernetcall.signalstore.service;

import java.util.UUID;

/** Every Redis key and channel signal-store-service uses, in one place. */
final class RedisKeys {

  private static final String PREFIX = "cybernet:store:";

  private RedisKeys() {}

  /** Pub/sub channel: space-separated recipient ids whose new signals were just committed. */
  static String storedChannel() {
    return PREFIX + "stored";
  }

  /** Sorted set of a user's open long-polls: poll id → hold deadline (epoch ms). */
  static String polls(UUID userId) {
    return PREFIX + "polls:" + userId;
  }

  /** Sorted set of users online by long-poll: user id → presence deadline (epoch ms). */
  static String pollers() {
    return PREFIX + "pollers";
  }

  /** Fixed one-second window of a user's inbox requests. */
  static String rate(UUID userId) {
    return PREFIX + "rate:" + userId;
  }
}
