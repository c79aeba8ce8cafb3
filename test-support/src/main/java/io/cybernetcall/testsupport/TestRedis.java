package io.cybernetcall.testsupport;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;

/**
 * Where the tests' Redis is. Normally the single Redis on 127.0.0.1:6379, one database per suite.
 * With {@code CYBERNET_TEST_REDIS_CLUSTER} set to its seeds (the {@code REDIS_URL} that {@code
 * scripts/redis-cluster.sh env} prints) and {@code REDIS_CLIENT_TYPE=cluster} (which the services a
 * test starts inherit, and the test application reads), every suite that asks here runs against
 * that Redis Cluster instead: the services it starts, its test application and its direct clients
 * (a cluster has one database; suites keep apart by ids).
 */
public final class TestRedis {

  private static final String CLUSTER_SEED = System.getenv("CYBERNET_TEST_REDIS_CLUSTER");

  private TestRedis() {}

  /** Whether this run is against a Redis Cluster. */
  public static boolean cluster() {
    return CLUSTER_SEED != null && !CLUSTER_SEED.isBlank();
  }

  /** The URL a suite using database {@code db} of the single Redis connects to. */
  public static String url(String db) {
    return cluster() ? CLUSTER_SEED : "redis://127.0.0.1:6379/" + db;
  }

  /** Options for a Vert.x Redis client of a test (every seed of a cluster). */
  public static RedisOptions options(String db) {
    String[] urls = url(db).split(",");
    RedisOptions options =
        new RedisOptions()
            .setType(cluster() ? RedisClientType.CLUSTER : RedisClientType.STANDALONE)
            .setConnectionString(urls[0]);
    for (int i = 1; i < urls.length; i++) {
      options.addConnectionString(urls[i]);
    }
    return options;
  }

  /**
   * {@code CLIENT PAUSE} on the test Redis, on every node of a cluster: every client's commands
   * wait {@code millis}, which holds routing up for real.
   */
  public static void pause(int millis) {
    pause(Request.cmd(Command.CLIENT).arg("PAUSE").arg(millis));
  }

  /**
   * {@code CLIENT PAUSE millis WRITE}: reads go on, writes (and scripts) wait. A WebSocket upgrade,
   * which only reads, goes through; registering the socket's session waits.
   */
  public static void pauseWrites(int millis) {
    pause(Request.cmd(Command.CLIENT).arg("PAUSE").arg(millis).arg("WRITE"));
  }

  private static void pause(Request pause) {
    if (cluster()) {
      ClusterNodes.ports().forEach(port -> ClusterNodes.ask(port, pause));
    } else {
      ClusterNodes.ask(0, pause);
    }
  }
}
