package io.cybernetcall.platform.redis;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script kept as {@code .lua} resources and run by its SHA-1 (EVALSHA), so a call sends a
 * 40-byte digest instead of the script text. The first call after a Redis restart gets NOSCRIPT and
 * falls back to EVAL, which loads the script again.
 *
 * <p>Scripts are composed from several files: shared functions first (such as {@code
 * lua/platform/append-event.lua}, the one place an event envelope is written in Lua), then the
 * script itself. Every service lists {@code lua/**} in {@code quarkus.native.resources.includes}.
 */
public final class LuaScript {

  private final String source;
  private final String sha;

  private LuaScript(String source) {
    this.source = source;
    this.sha = sha1(source);
  }

  /** The resources (paths on the class path) joined in order into one script. */
  public static LuaScript load(String... resources) {
    StringBuilder source = new StringBuilder();
    for (String resource : resources) {
      source.append(read(resource)).append('\n');
    }
    return new LuaScript(source.toString());
  }

  /** A script whose text is built at start-up from loaded parts (see {@link #source()}). */
  public static LuaScript of(String source) {
    return new LuaScript(source);
  }

  public String source() {
    return source;
  }

  public String sha() {
    return sha;
  }

  /** Runs with {@code keys} as KEYS and {@code args} as ARGV, on the reactive client. */
  public Uni<Response> run(ReactiveRedisDataSource redis, List<String> keys, List<String> args) {
    List<String> keysAndArgs = keysAndArgs(keys, args);
    return Uni.createFrom()
        .completionStage(() -> run(redis.getRedis().getDelegate(), keysAndArgs).toCompletionStage())
        .map(response -> response == null ? null : Response.newInstance(response));
  }

  /** The same, blocking the calling (worker) thread. */
  public Response run(RedisDataSource redis, List<String> keys, List<String> args) {
    List<String> keysAndArgs = keysAndArgs(keys, args);
    try {
      return redis.execute("EVALSHA", withFirst(sha, keysAndArgs));
    } catch (RuntimeException e) {
      if (!String.valueOf(e.getMessage()).contains("NOSCRIPT")) {
        throw e;
      }
      return redis.execute("EVAL", withFirst(source, keysAndArgs));
    }
  }

  private static String[] withFirst(String first, List<String> rest) {
    String[] all = new String[rest.size() + 1];
    all[0] = first;
    for (int i = 0; i < rest.size(); i++) {
      all[i + 1] = rest.get(i);
    }
    return all;
  }

  /**
   * The same on the bare Vert.x client, for hot paths that skip Mutiny. {@code keysAndArgs} is what
   * follows the script in EVAL: numkeys, keys, then arguments.
   */
  public Future<io.vertx.redis.client.Response> run(Redis redis, List<String> keysAndArgs) {
    return send(redis, Command.EVALSHA, sha, keysAndArgs)
        .recover(
            failure ->
                String.valueOf(failure.getMessage()).startsWith("NOSCRIPT")
                    ? send(redis, Command.EVAL, source, keysAndArgs)
                    : Future.failedFuture(failure));
  }

  private static List<String> keysAndArgs(List<String> keys, List<String> args) {
    List<String> all = new ArrayList<>(1 + keys.size() + args.size());
    all.add(Integer.toString(keys.size()));
    all.addAll(keys);
    all.addAll(args);
    return all;
  }

  private static Future<io.vertx.redis.client.Response> send(
      Redis redis, Command command, String scriptOrSha, List<String> keysAndArgs) {
    Request request = Request.cmd(command).arg(scriptOrSha);
    keysAndArgs.forEach(request::arg);
    return redis.send(request);
  }

  private static String read(String resource) {
    try (InputStream in =
        Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
      InputStream stream =
          in != null ? in : LuaScript.class.getClassLoader().getResourceAsStream(resource);
      if (stream == null) {
        throw new IllegalStateException("Lua script " + resource + " is not on the class path");
      }
      try (stream) {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha1(String source) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by every Java platform", e);
    }
  }
}
