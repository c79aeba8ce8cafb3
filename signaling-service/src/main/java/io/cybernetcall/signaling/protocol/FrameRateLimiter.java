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
    tokens = Math.min(capacity, tokens + (now - lastRefill) * ratePerNano);
    lastRefill = now;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
