package io.cybernetcall.platform.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Starts a service's consumers and followers with the shared settings, and stops them all when the
 * service shuts down. A service calls it from its own start-up observer with its handlers.
 */
@ApplicationScoped
public class StreamConsumers {

  private final RedisDataSource redis;
  private final ObjectMapper json;
  private final EventStreamsConfig config;
  private final Clock clock;
  private final MeterRegistry registry;
  private final List<StreamConsumer> consumers = new CopyOnWriteArrayList<>();
  private final List<StreamFollower> followers = new CopyOnWriteArrayList<>();

  public StreamConsumers(
      RedisDataSource redis,
      ObjectMapper json,
      EventStreamsConfig config,
      Clock clock,
      MeterRegistry registry) {
    this.redis = redis;
    this.json = json;
    this.config = config;
    this.clock = clock;
    this.registry = registry;
  }

  /**
   * Joins {@code group} and hands its events to {@code handler} until shutdown. Each stream gets a
   * reader of its own (one thread, one blocking read at a time): in a Redis Cluster one XREADGROUP
   * may only name streams of one slot, and a sharded stream's shards are in different slots on
   * purpose. The handler is therefore called from as many threads as the group has streams, each
   * stream's events in order.
   */
  public void consume(ConsumerGroup group, EventHandler handler) {
    EventMetrics metrics = new EventMetrics(registry, group.name());
    for (String stream : group.streams()) {
      StreamConsumer consumer =
          new StreamConsumer(group.of(stream), handler, redis, json, config, clock, metrics);
      consumer.start();
      consumers.add(consumer);
    }
  }

  /** Hands every event appended to {@code stream} from now on to {@code handler}. */
  public void follow(String stream, EventHandler.Single handler) {
    follow(stream, Duration.ZERO, handler);
  }

  /**
   * Hands {@code handler} the events appended to {@code stream} during the last {@code lookback}
   * (stream ids are append times), then every event from now on.
   */
  public void follow(String stream, Duration lookback, EventHandler.Single handler) {
    String from = lookback.isZero() ? "$" : clock.instant().minus(lookback).toEpochMilli() + "-0";
    StreamFollower follower = new StreamFollower(stream, from, handler, redis, json, config, clock);
    follower.start();
    followers.add(follower);
  }

  void stop(@Observes ShutdownEvent stopping) {
    consumers.forEach(StreamConsumer::stop);
    followers.forEach(StreamFollower::stop);
  }
}
