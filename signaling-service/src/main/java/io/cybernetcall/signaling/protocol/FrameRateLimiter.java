package io.cybernetcall.signaling.protocol;

import io.cybernetcall.signaling.config.SignalingConfig;
import java.util.function.LongSupplier;

/**
 * A token bucket for one connection (or one HTTP sender): {@code framesPerSecond} sustained, a
 * burst of {@code frameBurst}. A connection lives on one replica, so the bucket is local.
 */
public final class FrameRateLimiter {

  private final double ratePerNano;
  private final double capacity;
  private final LongSupplier nanoTime;
  private double tokens;
  private double stallAllowance;
  private long lastRefill;

  public FrameRateLimiter(SignalingConfig.Limits limits) {
    this(limits.framesPerSecond(), limits.frameBurst(), System::nanoTime);
  }

  /** {@code framesPerSecond} with bursts of {@code burst}, on the given clock (tests). */
  public FrameRateLimiter(int framesPerSecond, int burst, LongSupplier nanoTime) {
    this.ratePerNano = framesPerSecond / 1_000_000_000d;
    this.capacity = burst;
    this.nanoTime = nanoTime;
    this.tokens = capacity;
    this.lastRefill = nanoTime.getAsLong();
  }

  /** Takes one token; false when the connection is over its rate. */
  public synchronized boolean tryAcquire() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(capacity + stallAllowance, tokens + (now - lastRefill) * ratePerNano);
    lastRefill = now;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    if (tokens <= capacity) {
      stallAllowance = 0;
    }
    return true;
  }

  /**
   * The server held this connection's frames for {@code stalledNanos} (a dependency was slow or
   * away). Frames are handled one after another, so those that arrived meanwhile waited in our
   * queue and now come in a burst: they are counted as if they had been taken when they arrived, by
   * letting the bucket hold, once, what the client was entitled to send over that time.
   */
  public synchronized void serverStalled(long stalledNanos) {
    stallAllowance = Math.max(stallAllowance, stalledNanos * ratePerNano);
  }
}
