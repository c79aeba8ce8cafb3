package io.cybernetcall.platform.events;

import io.cybernetcall.platform.failures.DependencyFailures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What a consumer does with an event its handler failed on. The rule:
 *
 * <ul>
 *   <li>an {@link UnreadableEvent} is dead-lettered at once: no retry can fix it;
 *   <li>a dependency that cannot be reached is nobody's fault: the event stays pending, no attempt
 *       is counted, and the consumer pauses (backing off) until the dependency returns;
 *   <li>any other failure counts an attempt; after {@code maxAttempts} the event is dead-lettered,
 *       before that it is retried after a pause that doubles from {@code backoff} to {@code
 *       maxBackoff}.
 * </ul>
 *
 * A success forgets the event's count and resets the backoff.
 */
public final class RetryPolicy {

  /** Attempts remembered at most; a count lost to this bound only means extra retries. */
  static final int REMEMBERED = 10_000;

  /** The decision for one failed event. */
  public sealed interface Decision permits RetryLater, DeadLetter {}

  /** Keep the event pending and try again no earlier than {@code notBefore}. */
  public record RetryLater(int attempt, Instant notBefore, boolean dependencyDown)
      implements Decision {}

  /** Move the event to the dead-letter stream with {@code reason}, then acknowledge it. */
  public record DeadLetter(String reason) implements Decision {}

  private final int maxAttempts;
  private final Duration backoff;
  private final Duration maxBackoff;
  private final Clock clock;
  private final Map<String, Integer> attempts = new HashMap<>();
  private int consecutiveFailures;

  public RetryPolicy(int maxAttempts, Duration backoff, Duration maxBackoff, Clock clock) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
    this.maxBackoff = maxBackoff;
    this.clock = clock;
  }

  public Decision failed(String entryId, Throwable failure) {
    if (failure instanceof UnreadableEvent) {
      attempts.remove(entryId);
      return new DeadLetter("unreadable event: " + failure.getMessage());
    }
    Instant notBefore = clock.instant().plus(nextPause());
    if (DependencyFailures.isUnavailable(failure)) {
      return new RetryLater(attempts.getOrDefault(entryId, 0), notBefore, true);
    }
    if (attempts.size() >= REMEMBERED) {
      attempts.clear();
    }
    int attempt = attempts.merge(entryId, 1, Integer::sum);
    if (attempt >= maxAttempts) {
      attempts.remove(entryId);
      return new DeadLetter("failed " + attempt + " times: " + failure);
    }
    return new RetryLater(attempt, notBefore, false);
  }

  public void succeeded(String entryId) {
    attempts.remove(entryId);
    consecutiveFailures = 0;
  }

  /** The pause before the next read after a failure that is not an event's (Redis down). */
  public Instant pauseAfterReadFailure() {
    return clock.instant().plus(nextPause());
  }

  private Duration nextPause() {
    int doublings = Math.min(consecutiveFailures++, 20);
    Duration pause = backoff.multipliedBy(1L << doublings);
    return pause.compareTo(maxBackoff) > 0 ? maxBackoff : pause;
  }
}
