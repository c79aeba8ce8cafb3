package io.cybernetcall.auth.support;

import io.quarkus.redis.datasource.RedisDataSource;
import java.util.List;

/** Tests that fail logins from 127.0.0.1 clear what they left, so no other test is slowed down. */
public final class Throttling {

  private Throttling() {}

  public static void forgetAllFailures(RedisDataSource redis) {
    List<String> keys = redis.key().keys("cybernet:auth:{login-throttle}:*");
    if (!keys.isEmpty()) {
      redis.key().del(keys.toArray(String[]::new));
    }
  }
}
