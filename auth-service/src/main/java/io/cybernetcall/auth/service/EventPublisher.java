package io.cybernetcall.auth.service;

import io.cybernetcall.auth.config.AuthConfig;
import io.cybernetcall.auth.model.OutboxEvent;
import io.cybernetcall.platform.events.EventStreamsConfig;
import io.cybernetcall.platform.redis.LuaScript;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Appends outbox events to Redis Streams exactly once. The relay is at-least-once (it may crash
 * after XADD and before marking the row published), so the append is guarded by a per-event marker
 * checked and set in the same atomic script: a second publication of an event id is a no-op, and
 * the stream holds each event once.
 */
@ApplicationScoped
public class EventPublisher {

  static final String DEDUPE_KEY_PREFIX = "cybernet:outbox:published:";

  private static final LuaScript PUBLISH_ONCE =
      LuaScript.load("lua/platform/append-event.lua", "lua/auth/publish-once.lua");

  private final RedisDataSource redis;
  private final AuthConfig config;
  private final EventStreamsConfig streams;

  public EventPublisher(RedisDataSource redis, AuthConfig config, EventStreamsConfig streams) {
    this.redis = redis;
    this.config = config;
    this.streams = streams;
  }

  /** Returns true if the event was appended now, false if it had been appended before. */
  public boolean publishOnce(OutboxEvent event, String source) {
    Response response =
        PUBLISH_ONCE.run(
            redis,
            List.of(event.stream, dedupeKey(event)),
            List.of(
                Long.toString(config.outbox().dedupeRetention().toSeconds()),
                Long.toString(streams.streamMaxLength()),
                event.id.toString(),
                event.type,
                event.occurredAt.toString(),
                source,
                event.subject,
                event.payload));
    return response != null;
  }

  /**
   * The marker of a published event, tagged with its stream's name: a stream's key has no tag, so
   * it hashes its whole name, the same as the marker's tag, and in a Redis Cluster both are in one
   * slot, as the script needs.
   */
  static String dedupeKey(OutboxEvent event) {
    return DEDUPE_KEY_PREFIX + "{" + event.stream + "}:" + event.id;
  }
}
