package io.cybernetcall.platform.redis;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Creates the Redis data source on the main thread before anything else can ask for it.
 *
 * <p>Quarkus builds both data-source beans (the reactive one and the blocking one, which wraps it)
 * through one unsynchronised map in its Redis recorder. When two threads build them for the first
 * time at once, one of them fails with {@code ConcurrentModificationException} and the service does
 * not start. That happens at start-up: the scheduler starts its jobs (the replica heartbeat, which
 * uses the reactive data source) at {@link Interceptor.Priority#PLATFORM_BEFORE}, while the main
 * thread goes on with start-up observers that use the blocking one (the key-layout check, the
 * stream consumers). Once the reactive data source exists, building either bean only reads the map,
 * so creating it first, one step before the scheduler starts, removes the race.
 */
@ApplicationScoped
public class RedisDataSourceFirst {

  /** One step before the scheduler, whose jobs run on threads of their own. */
  static final int PRIORITY = Interceptor.Priority.PLATFORM_BEFORE - 1;

  private final ReactiveRedisDataSource redis;

  public RedisDataSourceFirst(ReactiveRedisDataSource redis) {
    this.redis = redis;
  }

  void create(@Observes @Priority(PRIORITY) StartupEvent started) {
    // The injected reference is a lazy proxy: calling it is what creates the bean.
    redis.getRedis();
  }
}
