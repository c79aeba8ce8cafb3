package io.cybernetcall.auth.service;

import io.cybernetcall.auth.config.AuthConfig;
import io.cybernetcall.platform.redis.LuaScript;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

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

  // One hash tag for every counter: the script weighs an account's and an address's counters
  // together, so in a Redis Cluster they must share a slot. Sign-ins are rare enough for one slot.
  private static final String KEY_PREFIX = "cybernet:auth:{login-throttle}:";

  private static final LuaScript ADMIT = LuaScript.load("lua/auth/login-throttle-admit.lua");

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
        ADMIT.run(
            redis,
            List.of(accountKey(account), addressKey(address)),
            List.of(
                Long.toString(clock.millis()),
                Integer.toString(config.accountFreeFailures()),
                Integer.toString(config.addressFreeFailures()),
                Long.toString(config.baseDelay().toMillis()),
                Long.toString(config.maxDelay().toMillis()),
                Long.toString(config.window().toMillis()),
                Integer.toString(config.accountMaxFailures())));
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
