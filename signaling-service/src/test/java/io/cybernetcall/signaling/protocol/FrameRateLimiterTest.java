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
  void aLongPauseFillsTheBucketButNoMore() {
    // Frames are counted as they arrive, so a server stall gives no allowance either (FrameQueue).
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
