package io.cybernetcall.signaling.presence;

import io.cybernetcall.platform.redis.LuaScript;
import io.cybernetcall.signaling.config.SignalingConfig;
import io.cybernetcall.signaling.redis.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Which sockets each user has open, on which replica, shared by all replicas through Redis. A user
 * is online while any of their sockets is registered.
 */
@ApplicationScoped
public class SessionRegistry {

  private static final LuaScript REGISTER = LuaScript.load("lua/signaling/session-register.lua");
  private static final LuaScript UNREGISTER =
      LuaScript.load("lua/signaling/session-unregister.lua");
  private static final LuaScript ONLINE = LuaScript.load("lua/signaling/sessions-online.lua");

  /**
   * Stands in for the replica of a user's long-poll "session": that user receives over HTTP from
   * signal-store-service, which reports it with inbox events. Never a real replica id (those are
   * random UUIDs or configured names), never heartbeats, so the reaper leaves it alone.
   */
  public static final String LONG_POLL_REPLICA = "http-long-poll";

  /** The one session a long-polling user holds, however many long-polls they keep open. */
  public static final String LONG_POLL_SESSION = "long-poll";

  private final ReactiveRedisDataSource redis;
  private final Replica replica;
  private final Duration replicaTimeout;
  private final AtomicBoolean announced = new AtomicBoolean();

  public SessionRegistry(ReactiveRedisDataSource redis, Replica replica, SignalingConfig config) {
    this.redis = redis;
    this.replica = replica;
    this.replicaTimeout = config.replicaTimeout();
  }

  /**
   * Renews this replica's heartbeat and lists it among the replicas the reaper watches. Done before
   * the first socket registers too: a replica killed before its first scheduled heartbeat must
   * still have its sockets reaped.
   */
  public Uni<Void> announceReplica() {
    return redis
        .value(String.class)
        .setex(RedisKeys.replicaAlive(replica.id()), replicaTimeout.toSeconds(), "1")
        .flatMap(ok -> redis.set(String.class).sadd(RedisKeys.replicas(), replica.id()))
        .invoke(() -> announced.set(true))
        .replaceWithVoid();
  }

  /** Registers a socket; returns how many the user has now (1 means they just came online). */
  public Uni<Long> register(String userId, String sessionId) {
    Uni<Void> ready = announced.get() ? Uni.createFrom().voidItem() : announceReplica();
    return ready
        .flatMap(ok -> eval(REGISTER, userId, sessionId, replica.id()))
        .map(Response::toLong);
  }

  /** Unregisters a socket; returns how many remain (0: just went offline, -1: was not there). */
  public Uni<Long> unregister(String userId, String sessionId) {
    return eval(UNREGISTER, userId, sessionId, replica.id()).map(Response::toLong);
  }

  /** Registers the user's long-poll session; returns their session count afterwards. */
  public Uni<Long> registerLongPoll(String userId) {
    return eval(REGISTER, userId, LONG_POLL_SESSION, LONG_POLL_REPLICA).map(Response::toLong);
  }

  /** Unregisters the user's long-poll session; returns what remains (-1: was not there). */
  public Uni<Long> unregisterLongPoll(String userId) {
    return eval(UNREGISTER, userId, LONG_POLL_SESSION, LONG_POLL_REPLICA).map(Response::toLong);
  }

  /** Unregisters a socket that a dead replica held. */
  public Uni<Long> unregister(String userId, String sessionId, String deadReplicaId) {
    return eval(UNREGISTER, userId, sessionId, deadReplicaId).map(Response::toLong);
  }

  public Uni<Long> count(String userId) {
    return redis.hash(String.class).hlen(RedisKeys.sessions(userId));
  }

  /** For each user, whether they are online, in the same order. */
  public Uni<List<Boolean>> online(List<String> userIds) {
    if (userIds.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return ONLINE
        .run(redis, userIds.stream().map(RedisKeys::sessions).toList(), List.of())
        .map(
            response -> {
              List<Boolean> online = new ArrayList<>(userIds.size());
              response.forEach(flag -> online.add(flag.toLong() == 1));
              return online;
            });
  }

  private Uni<Response> eval(LuaScript script, String userId, String sessionId, String replicaId) {
    return script.run(
        redis,
        List.of(RedisKeys.sessions(userId), RedisKeys.replicaSessions(replicaId)),
        List.of(sessionId, replicaId, userId));
  }
}
