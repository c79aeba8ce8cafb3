package io.cybernetcall.signaling.service;

import io.cybernetcall.signaling.config.SignalingConfig;

/**
 * A token bucket for one connection (or one HTTP sender): {@code framesPerSecond} sustained, a
 * burst of {@code frameBurst}. A connection lives on one replica, so the bucket is local.
 */
public final class FrameRateLimiter {

  private final double ratePerNano;
  private final double capacity;
  private double tokens;
  private long lastRefill;

  public FrameRateLimiter(SignalingConfig.Limits limits) {
    this.ratePerNano = limits.framesPerSecond() / 1_000_000_000d;
    this.capacity = limits.frameBurst();
    this.tokens = capacity;
    this.lastRefill = System.nanoTime();
  }

  /** Takes one token; false when the connection is over its rate. */
  public synchronized boolean tryAcquire() {
    long now = System.nanoTime();
    tokens = Math.min(capacity, tokens + (now - lastRefill) * ratePerNano);
    lastRefill = now;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
