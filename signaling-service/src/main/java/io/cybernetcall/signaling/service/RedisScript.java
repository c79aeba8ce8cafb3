package io.cybernetcall.signaling.service;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script run by its SHA-1 (EVALSHA), so the hot path sends a 40-byte digest instead of the
 * script text; the first call after a Redis restart gets NOSCRIPT and falls back to EVAL, which
 * loads the script again.
 */
final class RedisScript {

  private final String source;
  private final String sha;

  RedisScript(String source) {
    this.source = source;
    try {
      this.sha =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-1")
                      .digest(source.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by every Java platform", e);
    }
  }

  String sha() {
    return sha;
  }

  String source() {
    return source;
  }

  /** {@code keysAndArgs} is what follows the script in EVAL: numkeys, keys, then arguments. */
  Uni<Response> run(ReactiveRedisDataSource redis, String... keysAndArgs) {
    String[] withSha = prepend(sha, keysAndArgs);
    return redis
        .execute("EVALSHA", withSha)
        .onFailure(e -> String.valueOf(e.getMessage()).startsWith("NOSCRIPT"))
        .recoverWithUni(() -> redis.execute("EVAL", prepend(source, keysAndArgs)));
  }

  private static String[] prepend(String first, String[] rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
