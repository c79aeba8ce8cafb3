package io.cybernetcall.notification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything notification-service can be tuned with; each property is also an environment variable
 * ({@code notification.throttle.max-per-window} is {@code NOTIFICATION_THROTTLE_MAX_PER_WINDOW}).
 * SMTP itself is {@code quarkus.mailer.*}.
 */
@ConfigMapping(prefix = "notification")
public interface NotificationConfig {

  /** Product name in subjects and bodies. */
  @WithDefault("Cybernet Call")
  String productName();

  /** Public URL of the web app; every link in an email starts with it. */
  @WithDefault("http://localhost:8080")
  String appUrl();

  /** Events older than this when read (the service was down) are acknowledged without mail. */
  @WithDefault("PT24H")
  Duration maxEventAge();

  /** This replica's consumer name in the Redis consumer group; random unless set. */
  Optional<String> replicaId();

  /**
   * Bearer token for the operators' endpoints under {@code /admin}; unset disables them. Keep it in
   * a Secret.
   */
  Optional<String> adminToken();

  Throttle throttle();

  Retry retry();

  Unsubscribe unsubscribe();

  /** At most {@code maxPerWindow} emails per recipient and type per window. */
  interface Throttle {

    @WithDefault("3")
    int maxPerWindow();

    @WithDefault("PT1H")
    Duration window();

    /** Missed calls beyond the limit are folded into one digest sent this long after the first. */
    @WithDefault("PT1H")
    Duration digestDelay();
  }

  /** Transient SMTP failures are retried with exponential backoff and jitter. */
  interface Retry {

    @WithDefault("PT2S")
    Duration baseDelay();

    @WithDefault("PT10M")
    Duration maxDelay();

    /** Attempts after which a transiently failing email is recorded as failed. */
    @WithDefault("12")
    int maxAttempts();

    /** A claimed email not finished within this time is due again (the sender crashed). */
    @WithDefault("PT2M")
    Duration lease();

    /**
     * An SMTP conversation that has not finished by then is abandoned and retried (a server that
     * stalls must not stall the sender). If the server did accept it, the retry is a duplicate.
     */
    @WithDefault("PT30S")
    Duration sendTimeout();

    /** Emails claimed per sender round. */
    @WithDefault("20")
    int batchSize();
  }

  /** One-click unsubscribe links. */
  interface Unsubscribe {

    /**
     * HMAC key of the links (at least 32 characters, from a Secret). Unset: a random key per start,
     * so links die with the process (development only; a warning is logged).
     */
    Optional<String> secret();

    @WithDefault("P30D")
    Duration linkLifetime();
  }
}
