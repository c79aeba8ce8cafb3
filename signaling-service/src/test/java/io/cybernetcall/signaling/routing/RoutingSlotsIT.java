package io.cybernetcall.signaling.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cybernetcall.contracts.events.StreamNames;
import io.cybernetcall.platform.events.EventStreamsConfig;
import io.cybernetcall.platform.redis.HashSlots;
import io.cybernetcall.platform.redis.LuaScript;
import io.cybernetcall.signaling.presence.SessionRegistry;
import io.cybernetcall.signaling.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The routing path's scripts against a real three-master Redis Cluster (started here with
 * scripts/redis-cluster.sh on ports 7200-7205): a cluster refuses a script whose keys are in more
 * than one slot, so each script running here with the keys {@link RedisKeys} gives it is the proof
 * that a routed frame stays in one slot per step. The layout before it is refused, and the signal
 * stream's shards fall evenly on the masters.
 */
class RoutingSlotsIT {

  private static final String PORT = "7200";
  private static final String DIR = "signaling-service/target/redis-cluster-it";
  private static final File ROOT = new File("..").getAbsoluteFile();

  private static Vertx vertx;
  private static Redis cluster;
  private static final RedisKeys keys = new RedisKeys(shards(12));

  @BeforeAll
  static void startCluster() throws Exception {
    clusterScript("start");
    vertx = Vertx.vertx();
    cluster =
        Redis.createClient(
            vertx,
            new RedisOptions()
                .setType(RedisClientType.CLUSTER)
                .addConnectionString("redis://127.0.0.1:" + PORT));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    clusterScript("stop");
  }

  @Test
  void everyStepOfAFramesRouteRunsOnTheCluster() {
    String alice = UUID.randomUUID().toString();
    String bob = UUID.randomUUID().toString();
    String mallory = UUID.randomUUID().toString();
    String call = "call-" + UUID.randomUUID();

    // Contacts: the shared copy, per user.
    assertThat(
            run(
                    ContactCache.LOAD,
                    List.of(keys.contacts(alice), keys.revokedContacts(alice)),
                    List.of("3600", bob))
                .get(0)
                .toString())
        .isEqualTo(bob);
    run(ContactCache.GRANT, List.of(keys.contacts(bob), keys.revokedContacts(bob)), List.of(alice));
    run(
        ContactCache.REVOKE,
        List.of(keys.contacts(bob), keys.revokedContacts(bob)),
        List.of(mallory, "300"));
    // Bob's socket.
    assertThat(
            run(
                    LuaScript.load("lua/signaling/session-register.lua"),
                    List.of(keys.sessions(bob)),
                    List.of("bob-phone", "replica-1"))
                .toLong())
        .isEqualTo(1);
    // Alice offers: the call's slot, then Bob's.
    Response state =
        run(
            Delivery.CALL_STATE_SCRIPT,
            List.of(keys.call(call), keys.newCalls(alice, bob)),
            List.of("offer", alice, bob, "audio", "21600", "6", "alice-laptop"));
    assertThat(state.get(0).toString()).isEqualTo("ok");
    assertThat(state.get(1).toString()).isEqualTo("offered");

    Response routed =
        routeBatch(
            List.of(
                frame(bob, alice, "offer", "open", call, true),
                frame(bob, alice, "candidate", "check", call, false),
                frame(bob, mallory, "candidate", "check", call, false)));
    assertThat(routed.get(0).get(0).toString()).isEqualTo("ok");
    assertThat(routed.get(0).get(1).toLong()).isEqualTo(1);
    assertThat(routed.get(0).get(2).toString()).startsWith("{\"seq\":1,\"newCall\":true,");
    assertThat(routed.get(0).get(3).get(0).toString()).isEqualTo("bob-phone");
    assertThat(routed.get(1).get(1).toLong()).isEqualTo(2);
    assertThat(routed.get(2).get(0).toString()).isEqualTo("call-not-found");

    Response replay =
        run(Delivery.REPLAY, List.of(keys.inbox(bob), keys.sequence(bob)), List.of("0", "10"));
    assertThat(replay.get(0).toLong()).isEqualTo(2);
    assertThat(replay.size()).isEqualTo(4);
    // Bob's one session is a socket: the candidate is in his replay buffer, not the signal store's.
    assertThat(send(Request.cmd(Command.XLEN).arg(keys.signalStream(bob))).toLong()).isEqualTo(1);
    assertThat(send(Request.cmd(Command.GET).arg(keys.lastDurable(bob))).toString()).isEqualTo("1");
    // The callee was offline: call.missed in the call's slot, beside the call-event stream.
    Response missed =
        run(
            MissedCalls.MISSED,
            List.of(keys.call(call), StreamNames.CALL_EVENTS),
            List.of(
                "unanswered",
                UUID.randomUUID().toString(),
                "2026-12-03T20:00:00Z",
                call,
                "1000",
                "5000",
                ""));
    assertThat(missed.get(0).toString()).isEqualTo("1");
  }

  @Test
  void theLayoutBeforeSlotsIsRefusedByTheCluster() {
    // One script over the keys of two users, as every frame's script did before (the sender's
    // contacts and the recipient's counter): the cluster refuses it.
    String alice = UUID.randomUUID().toString();
    String bob = sameShardAs(alice, false);
    assertThatThrownBy(
            () ->
                run(
                    LuaScript.load("lua/signaling/session-register.lua"),
                    List.of(keys.contacts(alice), keys.sessions(bob)),
                    List.of("s", "r")))
        .hasMessageContaining("slot");
  }

  @Test
  void theSignalStreamsShardsFallEvenlyOnTheMasters() {
    Response slots = send(Request.cmd(Command.CLUSTER).arg("SLOTS"));
    Map<Long, Integer> shardsPerMaster = new HashMap<>();
    for (String shard : keys.signalEvents().streams()) {
      int slot = HashSlots.slot(shard);
      assertThat(send(Request.cmd(Command.CLUSTER).arg("KEYSLOT").arg(shard)).toInteger())
          .isEqualTo(slot);
      for (Response range : slots) {
        if (slot >= range.get(0).toLong() && slot <= range.get(1).toLong()) {
          shardsPerMaster.merge(range.get(2).get(1).toLong(), 1, Integer::sum);
        }
      }
    }
    assertThat(shardsPerMaster.values()).containsExactly(4, 4, 4);
  }

  private static String sameShardAs(String user, boolean same) {
    while (true) {
      String other = UUID.randomUUID().toString();
      boolean shared = keys.signalEvents().shardOf(other) == keys.signalEvents().shardOf(user);
      if (shared == same) {
        return other;
      }
    }
  }

  private record Frame(List<String> keys, List<String> args) {}

  private static Frame frame(
      String recipient, String sender, String type, String step, String call, boolean newCall) {
    RedisKeys.Recipient to = keys.recipient(recipient);
    return new Frame(
        List.of(
            to.sequence(),
            to.inbox(),
            to.signalStream(),
            to.sessions(),
            to.openCalls(),
            to.lastDurable()),
        List.of(
            recipient,
            "\"type\":\"" + type + "\",\"callId\":\"" + call + "\"}",
            "100",
            "3600",
            "1000",
            UUID.randomUUID().toString(),
            sender,
            "2026-12-03T20:00:00Z",
            step,
            call,
            newCall ? "1" : "",
            "",
            "21600",
            SessionRegistry.LONG_POLL_REPLICA));
  }

  private static Response routeBatch(List<Frame> frames) {
    List<String> keysAndArgs = new ArrayList<>();
    keysAndArgs.add(Integer.toString(frames.size() * Delivery.ROUTE_KEYS));
    frames.forEach(frame -> keysAndArgs.addAll(frame.keys()));
    keysAndArgs.add(Integer.toString(frames.size()));
    frames.forEach(frame -> keysAndArgs.addAll(frame.args()));
    return await(Delivery.ROUTE_BATCH_SCRIPT.run(cluster, keysAndArgs));
  }

  private static Response run(LuaScript script, List<String> scriptKeys, List<String> args) {
    List<String> keysAndArgs = new ArrayList<>();
    keysAndArgs.add(Integer.toString(scriptKeys.size()));
    keysAndArgs.addAll(scriptKeys);
    keysAndArgs.addAll(args);
    return await(script.run(cluster, keysAndArgs));
  }

  private static Response send(Request request) {
    return await(cluster.send(request));
  }

  private static Response await(Future<Response> response) {
    try {
      return response.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void clusterScript(String command) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder("bash", "scripts/redis-cluster.sh", command).directory(ROOT).inheritIO();
    builder.environment().put("REDIS_CLUSTER_BASE_PORT", PORT);
    builder.environment().put("REDIS_CLUSTER_DIR", DIR);
    Process process = builder.start();
    if (!process.waitFor(Duration.ofMinutes(1).toSeconds(), TimeUnit.SECONDS)
        || process.exitValue() != 0) {
      throw new IllegalStateException("scripts/redis-cluster.sh " + command + " failed");
    }
  }

  private static EventStreamsConfig shards(int shards) {
    return new EventStreamsConfig() {
      @Override
      public long streamMaxLength() {
        return 1000;
      }

      @Override
      public long deadLetterMaxLength() {
        return 1000;
      }

      @Override
      public int signalShards() {
        return shards;
      }

      @Override
      public Consumer consumer() {
        throw new UnsupportedOperationException("not read by RedisKeys");
      }
    };
  }
}
