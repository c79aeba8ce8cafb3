package io.cybernetcall.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.cybernetcall.auth.support.Accounts;
import io.cybernetcall.auth.support.Accounts.Account;
import io.cybernetcall.auth.support.Throttling;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LoginThrottleTest {

  private static final String THROTTLE_KEYS = "cybernet:auth:{login-throttle}:*";
  private static final int ACCOUNT_FREE_FAILURES = 5;

  @Inject RedisDataSource redis;

  /** Every test here fails logins from 127.0.0.1; do not leave that address slowed down. */
  @AfterEach
  void forgetFailures() {
    Throttling.forgetAllFailures(redis);
  }

  @Test
  void thousandWrongPasswordsWithSpoofedForwardedForStayThrottled() {
    Account victim = Accounts.create("victim");
    int checked = 0;
    int throttled = 0;
    long started = System.nanoTime();
    for (int i = 0; i < 1_000; i++) {
      Response response =
          given()
              .contentType(ContentType.JSON)
              // A different made-up client address every time: must not buy new attempts.
              .header("X-Forwarded-For", randomAddress())
              .header("X-Real-IP", randomAddress())
              .body(Map.of("username", victim.username(), "password", "guess number " + i))
              .post("/api/auth/login");
      switch (response.statusCode()) {
        case 401 -> checked++;
        case 429 -> {
          throttled++;
          assertThat(Long.parseLong(response.header("Retry-After"))).isBetween(1L, 3600L);
          assertThat(response.contentType()).startsWith("application/problem+json");
        }
        default -> throw new AssertionError("Unexpected status " + response.statusCode());
      }
    }
    // Free failures, then one attempt per doubling delay (1 s, 2 s, 4 s, ...) while the loop ran.
    Duration loop = Duration.ofNanos(System.nanoTime() - started);
    assertThat(checked)
        .isBetween(ACCOUNT_FREE_FAILURES, ACCOUNT_FREE_FAILURES + delaysWithin(loop));
    assertThat(throttled).isEqualTo(1_000 - checked);
    // While throttled even the right password waits: guessing cannot be told apart by timing. The
    // delay that runs out next may do so just as the loop ends (one slow machine in CI had it):
    // date the last admitted guess now, so this sign-in falls inside a delay whatever the timing.
    for (String key : redis.key().keys(THROTTLE_KEYS)) {
      redis.hash(String.class).hset(key, "last", Long.toString(System.currentTimeMillis()));
    }
    SessionTest.login(victim.username(), Accounts.PASSWORD).then().statusCode(429);
  }

  /** How many doubling delays (1 s, 2 s, 4 s, ... up to 60 s) run out within {@code elapsed}. */
  private static int delaysWithin(Duration elapsed) {
    int delays = 0;
    long spent = 0;
    for (long delay = 1_000;
        spent + delay <= elapsed.toMillis();
        delay = Math.min(60_000, delay * 2)) {
      spent += delay;
      delays++;
    }
    return delays;
  }

  @Test
  void parallelGuessesCannotSlipThroughTogether() throws Exception {
    Account victim = Accounts.create("burst");
    ExecutorService pool = Executors.newFixedThreadPool(16);
    long started = System.nanoTime();
    try {
      List<Future<Integer>> statuses = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        int guess = i;
        statuses.add(
            pool.submit(
                () ->
                    SessionTest.login(victim.username(), "parallel guess " + guess).statusCode()));
      }
      int checked = 0;
      for (Future<Integer> status : statuses) {
        if (status.get() == 401) {
          checked++;
        } else {
          assertThat(status.get()).isEqualTo(429);
        }
      }
      // Exactly the free ones when the burst is quick; a slow machine may see a delay run out.
      Duration burst = Duration.ofNanos(System.nanoTime() - started);
      assertThat(checked)
          .isBetween(ACCOUNT_FREE_FAILURES, ACCOUNT_FREE_FAILURES + delaysWithin(burst));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void throttlingIsSoftTheOwnerGetsBackInOnceTheDelayPassed() {
    Account owner = Accounts.create("soft");
    for (int i = 0; i < ACCOUNT_FREE_FAILURES; i++) {
      SessionTest.login(owner.username(), "wrong " + i).then().statusCode(401);
    }
    SessionTest.login(owner.username(), Accounts.PASSWORD).then().statusCode(429);
    // Let the delay pass without sleeping: move the last attempt a minute into the past.
    for (String key : redis.key().keys(THROTTLE_KEYS)) {
      long last = Long.parseLong(redis.hash(String.class).hget(key, "last"));
      redis.hash(String.class).hset(key, "last", Long.toString(last - 61_000));
    }
    SessionTest.login(owner.username(), Accounts.PASSWORD).then().statusCode(200);
    // Success forgave the account's failures: a typo right after costs no delay.
    SessionTest.login(owner.username(), "one typo").then().statusCode(401);
    SessionTest.login(owner.username(), Accounts.PASSWORD).then().statusCode(200);
  }

  @Test
  void oneAddressGuessingManyAccountsIsThrottledToo() {
    int addressFreeFailures = 20;
    for (int i = 0; i < addressFreeFailures; i++) {
      // Unknown accounts: each has its own fresh account budget; only the address is shared.
      SessionTest.login(Accounts.uniqueName("spray"), "password spraying").then().statusCode(401);
    }
    SessionTest.login(Accounts.uniqueName("spray"), "password spraying").then().statusCode(429);
  }

  private static String randomAddress() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return "203.0.113." + random.nextInt(1, 255) + ", 10.0." + random.nextInt(256) + ".1";
  }
}
