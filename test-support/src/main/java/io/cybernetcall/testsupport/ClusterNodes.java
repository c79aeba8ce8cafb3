package io.cybernetcall.testsupport;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.File;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The Redis Cluster of a test run ({@link TestRedis}): which master serves a slot, and a failover
 * of one, through the project's own {@code scripts/redis-cluster.sh}.
 */
public final class ClusterNodes {

  private ClusterNodes() {}

  /** The port of the master that serves {@code slot} now. */
  public static int masterPortOf(int slot) {
    for (Response range : ask(0, Request.cmd(Command.CLUSTER).arg("SLOTS"))) {
      if (slot >= range.get(0).toInteger() && slot <= range.get(1).toInteger()) {
        return range.get(2).get(1).toInteger();
      }
    }
    throw new IllegalStateException("no master serves slot " + slot);
  }

  /** The ports of every node of the cluster, masters and replicas. */
  public static Set<Integer> ports() {
    Set<Integer> ports = new TreeSet<>();
    for (Response range : ask(0, Request.cmd(Command.CLUSTER).arg("SLOTS"))) {
      for (int node = 2; node < range.size(); node++) {
        ports.add(range.get(node).get(1).toInteger());
      }
    }
    return ports;
  }

  /**
   * Sends {@code request} to one node of the cluster ({@code port}), or through the test's client
   * ({@code port} 0: the single Redis, or wherever the cluster client routes the request).
   */
  public static Response ask(int port, Request request) {
    Vertx vertx = Vertx.vertx();
    try {
      RedisOptions options =
          port == 0
              ? TestRedis.options("0")
              : new RedisOptions().setConnectionString("redis://127.0.0.1:" + port);
      return Redis.createClient(vertx, options)
          .send(request)
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(request.command() + " on " + port + " failed", e);
    } finally {
      vertx.close();
    }
  }

  /**
   * Promotes the replica of the master on {@code masterPort} ({@code CLUSTER FAILOVER} on the
   * replica) and waits until the cluster serves every slot again.
   */
  public static void failover(int masterPort) {
    try {
      Process process =
          new ProcessBuilder(
                  "bash", "scripts/redis-cluster.sh", "failover", Integer.toString(masterPort))
              .directory(repositoryRoot())
              .inheritIO()
              .start();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("scripts/redis-cluster.sh failover " + masterPort);
      }
    } catch (Exception e) {
      throw new IllegalStateException("failover of " + masterPort + " failed", e);
    }
  }

  private static File repositoryRoot() {
    File dir = new File("").getAbsoluteFile();
    while (dir != null && !new File(dir, "scripts/redis-cluster.sh").exists()) {
      dir = dir.getParentFile();
    }
    if (dir == null) {
      throw new IllegalStateException("scripts/redis-cluster.sh not found above the working dir");
    }
    return dir;
  }
}
