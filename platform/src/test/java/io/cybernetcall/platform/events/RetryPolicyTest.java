package io.cybernetcall.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final Instant T0 = Instant.parse("2026-12-02T08:00:00Z");
  private final MutableClock clock = new MutableClock(T0);
  private final RetryPolicy policy =
      new RetryPolicy(3, Duration.ofMillis(250), Duration.ofSeconds(2), clock);

  @Test
  void anUnreadableEventIsDeadLetteredAtOnce() {
    RetryPolicy.Decision decision =
        policy.failed("1-0", new UnreadableEvent("field id is missing"));

    assertThat(decision)
        .isEqualTo(new RetryPolicy.DeadLetter("unreadable event: field id is missing"));
  }

  @Test
  void aFailingEventIsRetriedWithGrowingPausesThenDeadLettered() {
    IllegalStateException bug = new IllegalStateException("constraint violated");

    RetryPolicy.Decision first = policy.failed("1-0", bug);
    RetryPolicy.Decision second = policy.failed("1-0", bug);
    RetryPolicy.Decision third = policy.failed("1-0", bug);

    assertThat(first).isEqualTo(new RetryPolicy.RetryLater(1, T0.plusMillis(250), false));
    assertThat(second).isEqualTo(new RetryPolicy.RetryLater(2, T0.plusMillis(500), false));
    assertThat(third).isInstanceOf(RetryPolicy.DeadLetter.class);
    assertThat(((RetryPolicy.DeadLetter) third).reason())
        .isEqualTo("failed 3 times: java.lang.IllegalStateException: constraint violated");
  }

  @Test
  void attemptsAreCountedPerEvent() {
    IllegalStateException bug = new IllegalStateException("boom");
    policy.failed("1-0", bug);
    policy.failed("1-0", bug);

    RetryPolicy.Decision other = policy.failed("2-0", bug);

    assertThat(other).isInstanceOf(RetryPolicy.RetryLater.class);
    assertThat(((RetryPolicy.RetryLater) other).attempt()).isEqualTo(1);
  }

  @Test
  void anUnreachableDependencyCountsNoAttemptHoweverLongItLasts() {
    for (int i = 0; i < 50; i++) {
      RetryPolicy.Decision decision =
          policy.failed("1-0", new RuntimeException(new ConnectException("Connection refused")));
      assertThat(decision).isInstanceOf(RetryPolicy.RetryLater.class);
      assertThat(((RetryPolicy.RetryLater) decision).dependencyDown()).isTrue();
      assertThat(((RetryPolicy.RetryLater) decision).attempt()).isZero();
    }
    RetryPolicy.Decision lost = policy.failed("1-0", new SQLException("gone", "08006"));
    assertThat(((RetryPolicy.RetryLater) lost).dependencyDown()).isTrue();
  }

  @Test
  void pausesGrowToTheCapAndASuccessResetsThem() {
    IllegalStateException bug = new IllegalStateException("boom");
    Instant last = null;
    for (int i = 0; i < 8; i++) {
      last = ((RetryPolicy.RetryLater) policy.failed("e" + i, bug)).notBefore();
    }
    assertThat(last).isEqualTo(T0.plusSeconds(2));

    policy.succeeded("e0");
    clock.advance(Duration.ofMinutes(1));

    assertThat(((RetryPolicy.RetryLater) policy.failed("e9", bug)).notBefore())
        .isEqualTo(clock.instant().plusMillis(250));
  }

  @Test
  void aSuccessForgetsTheCount() {
    IllegalStateException bug = new IllegalStateException("boom");
    policy.failed("1-0", bug);
    policy.failed("1-0", bug);
    policy.succeeded("1-0");

    assertThat(((RetryPolicy.RetryLater) policy.failed("1-0", bug)).attempt()).isEqualTo(1);
  }

  @Test
  void atLeastOneAttemptIsRequired() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1), clock))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
