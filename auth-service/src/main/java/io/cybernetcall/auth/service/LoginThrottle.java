package io.cybernetcall.auth.service;

import io.cybernetcall.auth.config.AuthConfig;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;

/**
 * Slows password guessing per account and per client address with delays that double on every
 * failure past a free allowance, up to a ceiling; success clears them. Nothing locks an account for
 * good, so an attacker can delay but not deny a user. Admission and counting happen in one atomic
 * Redis script, so parallel requests cannot slip through together.
 *
 * <p>An attempt counts as a failure from the moment it is admitted (and is forgiven on success):
 * this is what makes a burst of parallel guesses pay the delays too.
 */
@ApplicationScoped
public class LoginThrottle {

  private static final String KEY_PREFIX = "cybernet:auth:throttle:";

  // KEYS: account key, address key.
  // ARGV: now ms, account free, address free, base delay ms, max delay ms, window ms, account cap.
  // Each key is a hash {n = failures in window, last = ms of last admitted attempt}.
  // Returns 0 when admitted (counters incremented), else the milliseconds to wait.
  private static final String ADMIT =
      """
      local now = tonumber(ARGV[1])
      local base, max, window = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
      local function wait(key, free, cap)
        local n = tonumber(redis.call('HGET', key, 'n') or '0')
        local last = tonumber(redis.call('HGET', key, 'last') or '0')
        if cap > 0 and n >= cap then return math.max(1, last + window - now) end
        if n < free then return 0 end
        local delay = math.min(max, base * 2 ^ (n - free))
        return math.max(0, last + delay - now)
      end
      local w = math.max(wait(KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[7])),
                         wait(KEYS[2], tonumber(ARGV[3]), 0))
      if w > 0 then return w end
      for _, key in ipairs(KEYS) do
        redis.call('HINCRBY', key, 'n', 1)
        redis.call('HSET', key, 'last', now)
        redis.call('PEXPIRE', key, window)
      end
      return 0
      """;

  private final RedisDataSource redis;
  private final AuthConfig.Throttle config;
  private final Clock clock;

  public LoginThrottle(RedisDataSource redis, AuthConfig config, Clock clock) {
    this.redis = redis;
    this.config = config.throttle();
    this.clock = clock;
  }

  /** Admits one attempt, or returns how long the caller must wait first. */
  public Duration admit(String account, String address) {
    Response wait =
        redis.execute(
            "EVAL",
            ADMIT,
            "2",
            accountKey(account),
            addressKey(address),
            Long.toString(clock.millis()),
            Integer.toString(config.accountFreeFailures()),
            Integer.toString(config.addressFreeFailures()),
            Long.toString(config.baseDelay().toMillis()),
            Long.toString(config.maxDelay().toMillis()),
            Long.toString(config.window().toMillis()),
            Integer.toString(config.accountMaxFailures()));
    return Duration.ofMillis(wait.toLong());
  }

  /**
   * The attempt succeeded: forget the account's failures, and forgive this one attempt of the
   * address (not all of them, or an attacker with an account of their own could reset their
   * address's count by signing in between guesses).
   */
  public void succeeded(String account, String address) {
    redis.key().del(accountKey(account));
    redis.hash(String.class).hincrby(addressKey(address), "n", -1);
  }

  private static String accountKey(String account) {
    return KEY_PREFIX + "account:" + account;
  }

  private static String addressKey(String address) {
    return KEY_PREFIX + "address:" + address;
  }
}
