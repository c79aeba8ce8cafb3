package io.cybernetcall.auth.service;

import io.cybernetcall.platform.problem.ProblemException;
import io.cybernetcall.platform.redis.LuaScript;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/** Fixed-window request limits shared by all replicas through Redis. */
@ApplicationScoped
public class RateLimiter {

  private static final String KEY_PREFIX = "cybernet:auth:rate:";

  private static final LuaScript HIT = LuaScript.load("lua/auth/rate-limit-hit.lua");

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
          AuthProblem.TOO_MANY_REQUESTS, "Too many requests; slow down.", wait);
    }
  }

  private Duration retryAfter(String bucket, String key, int limit, Duration window) {
    Response wait =
        HIT.run(
            redis,
            List.of(KEY_PREFIX + bucket + ":" + key),
            List.of(Integer.toString(limit), Long.toString(window.toMillis())));
    return Duration.ofMillis(wait.toLong());
  }
}
