package io.cybernetcall.signaling.presence;

import io.cybernetcall.signaling.config.SignalingConfig;
import io.cybernetcall.signaling.redis.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Each replica renews a heartbeat key; a replica that dies stops renewing it. Every replica looks
 * for dead ones and, under a lock, unregisters their sockets and announces users who are now
 * offline, so nobody stays "online" much longer than {@code signaling.replica-timeout}.
 */
@ApplicationScoped
public class ReplicaLiveness {

  private static final Logger LOG = Logger.getLogger(ReplicaLiveness.class);

  private final ReactiveRedisDataSource redis;
  private final RedisKeys keys;
  private final Replica replica;
  private final OrphanedSockets orphans;
  private final SessionRegistry registry;
  private final Duration timeout;

  public ReplicaLiveness(
      ReactiveRedisDataSource redis,
      RedisKeys keys,
      Replica replica,
      OrphanedSockets orphans,
      SessionRegistry registry,
      SignalingConfig config) {
    this.redis = redis;
    this.keys = keys;
    this.replica = replica;
    this.orphans = orphans;
    this.registry = registry;
    this.timeout = config.replicaTimeout();
  }

  @Scheduled(identity = "replica-heartbeat", every = "${signaling.heartbeat-interval}")
  Uni<Void> heartbeat() {
    return registry.announceReplica();
  }

  @Scheduled(identity = "replica-reaper", every = "${signaling.heartbeat-interval}", delayed = "1s")
  Uni<Void> reapDeadReplicas() {
    return redis
        .set(String.class)
        .smembers(keys.replicas())
        .onItem()
        .transformToMulti(replicas -> Multi.createFrom().iterable(replicas))
        .filter(id -> !id.equals(replica.id()))
        .onItem()
        .transformToUniAndConcatenate(this::reapIfDead)
        .collect()
        .asList()
        .replaceWithVoid()
        .onFailure()
        .invoke(e -> LOG.warnf("Reaping dead replicas failed: %s", e.toString()))
        .onFailure()
        .recoverWithNull();
  }

  /** A replica shutting down cleanly unregisters its sockets at once (their close handlers do). */
  void stop(@Observes ShutdownEvent stopping) {
    redis.key().del(keys.replicaAlive(replica.id())).await().atMost(Duration.ofSeconds(2));
  }

  private Uni<Void> reapIfDead(String deadCandidate) {
    return redis
        .key()
        .exists(keys.replicaAlive(deadCandidate))
        .flatMap(
            alive -> {
              if (alive) {
                return Uni.createFrom().voidItem();
              }
              String lock = keys.reapLock(deadCandidate);
              return redis
                  .value(String.class)
                  .setnx(lock, replica.id())
                  .flatMap(
                      won ->
                          won
                              ? redis.key().expire(lock, timeout).flatMap(x -> reap(deadCandidate))
                              : Uni.createFrom().voidItem());
            });
  }

  private Uni<Void> reap(String dead) {
    LOG.infof("Replica %s stopped heartbeating; taking its sockets offline", dead);
    return redis
        .set(String.class)
        .smembers(keys.replicaSessions(dead))
        .onItem()
        .transformToMulti(entries -> Multi.createFrom().iterable(entries))
        .onItem()
        .transformToUniAndConcatenate(
            entry -> {
              int bar = entry.indexOf('|');
              return orphans.reap(entry.substring(0, bar), entry.substring(bar + 1), dead);
            })
        .collect()
        .asList()
        .flatMap(done -> redis.key().del(keys.replicaSessions(dead)))
        .flatMap(done -> redis.set(String.class).srem(keys.replicas(), dead))
        .replaceWithVoid();
  }
}
