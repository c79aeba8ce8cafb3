package io.cybernetcall.auth.service;

import io.cybernetcall.auth.rest.problem.ProblemException;
import io.cybernetcall.auth.rest.problem.ProblemType;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** Fixed-window request limits shared by all replicas through Redis. */
@ApplicationScoped
public class RateLimiter {

  private static final String KEY_PREFIX = "cybernet:auth:rate:";

  // Returns the remaining window in ms when over the limit, else 0.
  private static final String HIT =
      """
      local n = redis.call('INCR', KEYS[1])
      if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
      if n > tonumber(ARGV[1]) then return math.max(1, redis.call('PTTL', KEYS[1])) end
      return 0
      """;

  private final RedisDataSource redis;

  public RateLimiter(RedisDataSource redis) {
    this.redis = redis;
  }

  /** Counts one hit; true while {@code limit} hits per {@code window} are not exceeded. */
  public boolean tryHit(String bucket, String key, int limit, Duration window) {
    return retryAfter(bucket, key, limit, window).isZero();
  }

  /** Counts one hit, or throws 429 with Retry-After when over the limit. */
  public void hitOrThrow(String bucket, String key, int limit, Duration window) {
    Duration wait = retryAfter(bucket, key, limit, window);
    if (!wait.isZero()) {
      throw ProblemException.retryAfter(
          ProblemType.TOO_MANY_REQUESTS, "Too many requests; slow down.", wait);
    }
  }

  private Duration retryAfter(String bucket, String key, int limit, Duration window) {
    Response wait =
        redis.execute(
            "EVAL",
            HIT,
            "1",
            KEY_PREFIX + bucket + ":" + key,
            Integer.toString(limit),
            Long.toString(window.toMillis()));
    return Duration.ofMillis(wait.toLong());
  }
}
