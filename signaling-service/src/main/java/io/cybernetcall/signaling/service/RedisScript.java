package io.cybernetcall.signaling.service;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

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

  /** {@code keysAndArgs} is what follows the script in EVAL: numkeys, keys, then arguments. */
  Uni<Response> run(ReactiveRedisDataSource redis, String... keysAndArgs) {
    return Uni.createFrom()
        .completionStage(
            () -> run(redis.getRedis().getDelegate(), List.of(keysAndArgs)).toCompletionStage())
        .map(Response::newInstance);
  }

  /** The same on the bare Vert.x client, for the hot path (no Mutiny operators). */
  Future<io.vertx.redis.client.Response> run(Redis redis, List<String> keysAndArgs) {
    return send(redis, Command.EVALSHA, sha, keysAndArgs)
        .recover(
            failure ->
                String.valueOf(failure.getMessage()).startsWith("NOSCRIPT")
                    ? send(redis, Command.EVAL, source, keysAndArgs)
                    : Future.failedFuture(failure));
  }

  private static Future<io.vertx.redis.client.Response> send(
      Redis redis, Command command, String scriptOrSha, List<String> keysAndArgs) {
    Request request = Request.cmd(command).arg(scriptOrSha);
    keysAndArgs.forEach(request::arg);
    return redis.send(request);
  }
}
