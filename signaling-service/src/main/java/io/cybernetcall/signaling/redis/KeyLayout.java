package io.cybernetcall.signaling.redis;

import io.cybernetcall.platform.redis.LuaScript;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.function.UnaryOperator;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Makes sure the data in Redis is laid out as this replica will read it, before it serves anyone.
 *
 * <ul>
 *   <li>Each user's keys live beside their shard of the signal stream, so the number of shards
 *       decides where a user's sequence counter is. The first replica records the number; a replica
 *       configured with another refuses to start rather than number a user's signals from a counter
 *       that is not theirs.
 *   <li>A single Redis written by a version before the slotted layout is migrated once: sequence
 *       counters keep their numbers (a counter that restarted would give numbers twice, and the
 *       signal store would drop the second signal as a duplicate), calls in progress and replay
 *       buffers move, sessions and contact sets are dropped (rebuilt as sockets reconnect).
 * </ul>
 */
@ApplicationScoped
public class KeyLayout {

  private static final Logger LOG = Logger.getLogger(KeyLayout.class);
  private static final LuaScript MIGRATE = LuaScript.load("lua/signaling/migrate-key.lua");
  private static final String LEGACY = "cybernet:sig:";

  /** A kind of key of the layout before Redis Cluster support and where each one goes. */
  private record Legacy(String kind, String name, UnaryOperator<String> newKey) {}

  private final RedisDataSource redis;
  private final RedisKeys keys;
  private final boolean singleRedis;

  public KeyLayout(
      RedisDataSource redis,
      RedisKeys keys,
      @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone")
          String clientType) {
    this.redis = redis;
    this.keys = keys;
    this.singleRedis = "standalone".equals(clientType);
  }

  void check(@Observes @Priority(1) StartupEvent started) {
    String shards = Integer.toString(keys.signalEvents().shards());
    String recorded = redis.value(String.class).get(keys.layout());
    if (recorded == null) {
      if (singleRedis) {
        migrateLegacyKeys();
      }
      redis.value(String.class).setnx(keys.layout(), shards);
      recorded = redis.value(String.class).get(keys.layout());
    }
    if (!shards.equals(recorded)) {
      throw new IllegalStateException(
          "Redis holds signaling data laid out for "
              + recorded
              + " signal-stream shards; this replica is configured for "
              + shards
              + " (cybernet.events.signal-shards). Set it back to "
              + recorded
              + ": the number is fixed for the life of the data (docs/operations.md).");
    }
  }

  private void migrateLegacyKeys() {
    List<Legacy> kinds =
        List.of(
            new Legacy("counter", "seq", keys::sequence),
            new Legacy("move", "inbox", keys::inbox),
            new Legacy("move", "call", keys::call),
            new Legacy("drop", "sessions", keys::sessions),
            new Legacy("drop", "contacts", keys::contacts));
    for (Legacy kind : kinds) {
      String prefix = LEGACY + kind.name() + ":";
      long moved = 0;
      for (String old :
          redis.key().scan(new KeyScanArgs().match(prefix + "*").count(1000)).toIterable()) {
        String id = old.substring(prefix.length());
        moved +=
            MIGRATE
                .run(redis, List.of(old, kind.newKey().apply(id)), List.of(kind.kind()))
                .toLong();
      }
      if (moved > 0) {
        LOG.infof("Moved %d %s keys to the slotted layout (%s)", moved, kind.name(), kind.kind());
      }
    }
  }
}
