package io.cybernetcall.signaling.presence;

import io.cybernetcall.platform.redis.LuaScript;
import io.cybernetcall.signaling.config.SignalingConfig;
import io.cybernetcall.signaling.redis.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
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

  /**
   * Stands in for the replica of a user's long-poll "session": that user receives over HTTP from
   * signal-store-service, which reports it with inbox events. Never a real replica id (those are
   * random UUIDs or configured names), never heartbeats, so the reaper leaves it alone.
   */
  public static final String LONG_POLL_REPLICA = "http-long-poll";

  /** The one session a long-polling user holds, however many long-polls they keep open. */
  public static final String LONG_POLL_SESSION = "long-poll";

  private final ReactiveRedisDataSource redis;
  private final RedisKeys keys;
  private final Replica replica;
  private final Duration replicaTimeout;
  private final AtomicBoolean announced = new AtomicBoolean();

  public SessionRegistry(
      ReactiveRedisDataSource redis, RedisKeys keys, Replica replica, SignalingConfig config) {
    this.redis = redis;
    this.keys = keys;
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
        .setex(keys.replicaAlive(replica.id()), replicaTimeout.toSeconds(), "1")
        .flatMap(ok -> redis.set(String.class).sadd(keys.replicas(), replica.id()))
        .invoke(() -> announced.set(true))
        .replaceWithVoid();
  }

  /** Registers a socket; returns how many the user has now (1 means they just came online). */
  public Uni<Long> register(String userId, String sessionId) {
    Uni<Void> ready = announced.get() ? Uni.createFrom().voidItem() : announceReplica();
    return ready.flatMap(ok -> register(userId, sessionId, replica.id()));
  }

  /** Unregisters a socket; returns how many remain (0: just went offline, -1: was not there). */
  public Uni<Long> unregister(String userId, String sessionId) {
    return unregister(userId, sessionId, replica.id());
  }

  /** Registers the user's long-poll session; returns their session count afterwards. */
  public Uni<Long> registerLongPoll(String userId) {
    return register(userId, LONG_POLL_SESSION, LONG_POLL_REPLICA);
  }

  /** Unregisters the user's long-poll session; returns what remains (-1: was not there). */
  public Uni<Long> unregisterLongPoll(String userId) {
    return unregister(userId, LONG_POLL_SESSION, LONG_POLL_REPLICA);
  }

  /**
   * Unregisters a socket a replica held (this one, or a dead one the reaper cleans up after). The
   * user's hash first: a failure in between leaves at most an entry in the replica's set, which the
   * reaper or the next unregister removes without effect.
   */
  public Uni<Long> unregister(String userId, String sessionId, String replicaId) {
    return UNREGISTER
        .run(redis, List.of(keys.sessions(userId)), List.of(sessionId, replicaId))
        .map(Response::toLong)
        .call(
            () ->
                redis
                    .set(String.class)
                    .srem(keys.replicaSessions(replicaId), entry(userId, sessionId)));
  }

  public Uni<Long> count(String userId) {
    return redis.hash(String.class).hlen(keys.sessions(userId));
  }

  /**
   * For each user, whether they are online, in the same order: one HLEN per user (each user's
   * sessions are in the user's slot), sent together.
   */
  public Uni<List<Boolean>> online(List<String> userIds) {
    if (userIds.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    List<Uni<Boolean>> each =
        userIds.stream().map(user -> count(user).map(sockets -> sockets > 0)).toList();
    return Uni.join().all(each).andFailFast();
  }

  /**
   * The replica's set first, then the user's hash: a socket is never in a user's hash without the
   * entry that lets the reaper take it out when this replica dies.
   */
  private Uni<Long> register(String userId, String sessionId, String replicaId) {
    return redis
        .set(String.class)
        .sadd(keys.replicaSessions(replicaId), entry(userId, sessionId))
        .flatMap(
            added ->
                REGISTER.run(redis, List.of(keys.sessions(userId)), List.of(sessionId, replicaId)))
        .map(Response::toLong);
  }

  private static String entry(String userId, String sessionId) {
    return userId + "|" + sessionId;
  }
}
