package io.cybernetcall.signaling.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The per-socket token bucket on a hand-moved clock. */
class FrameRateLimiterTest {

  private long now;
  private final FrameRateLimiter limiter = new FrameRateLimiter(50, 100, () -> now);

  @Test
  void aBurstOfTheBucketSizeThenTheSustainedRate() {
    assertThat(taken(100)).isEqualTo(100);
    assertThat(limiter.tryAcquire()).isFalse();

    advance(1_000);

    assertThat(taken(60)).isEqualTo(50);
  }

  @Test
  void framesThatQueuedWhileTheServerStalledAreNotRefusedAsABurst() {
    // A client sending 40 frames/s (within its 50/s) while routing stalls for 5 s: its 200 frames
    // wait in the server's queue and are handled at once when routing resumes.
    assertThat(taken(100)).isEqualTo(100);
    advance(5_000);
    limiter.serverStalled(TimeUnit.SECONDS.toNanos(5));

    assertThat(taken(200)).isEqualTo(200);
    // The allowance is spent once: afterwards the ordinary bucket applies again.
    assertThat(taken(200)).isEqualTo(50);
  }

  @Test
  void withoutAStallTheSameBurstIsRefusedBeyondTheBucket() {
    assertThat(taken(100)).isEqualTo(100);
    advance(5_000);

    assertThat(taken(200)).isEqualTo(100);
  }

  private int taken(int attempts) {
    int taken = 0;
    for (int i = 0; i < attempts; i++) {
      if (limiter.tryAcquire()) {
        taken++;
      }
    }
    return taken;
  }

  private void advance(long millis) {
    now += TimeUnit.MILLISECONDS.toNanos(millis);
  }
}
