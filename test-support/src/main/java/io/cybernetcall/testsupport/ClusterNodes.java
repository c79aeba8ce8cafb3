package io.cybernetcall.testsupport;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.File;
import java.util.concurrent.TimeUnit;

/**
 * The Redis Cluster of a test run ({@link TestRedis}): which master serves a slot, and a failover
 * of one, through the project's own {@code scripts/redis-cluster.sh}.
 */
public final class ClusterNodes {

  private ClusterNodes() {}

  /** The port of the master that serves {@code slot} now. */
  public static int masterPortOf(int slot) {
    Vertx vertx = Vertx.vertx();
    try {
      Redis redis = Redis.createClient(vertx, TestRedis.options("0"));
      Response ranges =
          redis
              .send(Request.cmd(Command.CLUSTER).arg("SLOTS"))
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      for (Response range : ranges) {
        if (slot >= range.get(0).toInteger() && slot <= range.get(1).toInteger()) {
          return range.get(2).get(1).toInteger();
        }
      }
      throw new IllegalStateException("no master serves slot " + slot);
    } catch (Exception e) {
      throw new IllegalStateException("CLUSTER SLOTS failed", e);
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
