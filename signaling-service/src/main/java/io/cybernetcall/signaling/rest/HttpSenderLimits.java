package io.cybernetcall.signaling.rest;

import io.cybernetcall.contracts.signaling.ErrorCodes;
import io.cybernetcall.signaling.config.SignalingConfig;
import io.cybernetcall.signaling.protocol.FrameException;
import io.cybernetcall.signaling.protocol.FrameRateLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-connection frame limit, applied per user for HTTP senders (who have no connection).
 * Buckets are per replica; behind a load balancer a user gets at most one bucket per replica.
 */
@ApplicationScoped
public class HttpSenderLimits {

  private static final int MAX_TRACKED_USERS = 100_000;

  private final SignalingConfig.Limits config;
  private final Map<String, FrameRateLimiter> buckets = new ConcurrentHashMap<>();

  public HttpSenderLimits(SignalingConfig config) {
    this.config = config.limits();
  }

  public void acquire(String userId) {
    if (buckets.size() > MAX_TRACKED_USERS) {
      buckets.clear();
    }
    if (!buckets.computeIfAbsent(userId, id -> new FrameRateLimiter(config)).tryAcquire()) {
      throw new FrameException(ErrorCodes.RATE_LIMITED, "Too many signals; slow down.");
    }
  }
}
