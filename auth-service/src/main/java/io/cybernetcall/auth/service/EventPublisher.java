package io.cybernetcall.auth.service;

import io.cybernetcall.auth.config.AuthConfig;
import io.cybernetcall.auth.model.OutboxEvent;
import io.cybernetcall.contracts.events.EventFields;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
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

  // Runs atomically in Redis. XADD comes before SET so that a failing XADD leaves no marker.
  private static final String PUBLISH_ONCE =
      """
      if redis.call('EXISTS', KEYS[2]) == 1 then return false end
      local args = {'XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*'}
      for i = 3, #ARGV do args[#args + 1] = ARGV[i] end
      local entryId = redis.call(unpack(args))
      redis.call('SET', KEYS[2], entryId, 'EX', ARGV[1])
      return entryId
      """;

  private final RedisDataSource redis;
  private final AuthConfig config;

  public EventPublisher(RedisDataSource redis, AuthConfig config) {
    this.redis = redis;
    this.config = config;
  }

  /** Returns true if the event was appended now, false if it had been appended before. */
  public boolean publishOnce(OutboxEvent event, String source) {
    List<String> args = new ArrayList<>(20);
    args.add(PUBLISH_ONCE);
    args.add("2");
    args.add(event.stream);
    args.add(DEDUPE_KEY_PREFIX + event.id);
    args.add(Long.toString(config.outbox().dedupeRetention().toSeconds()));
    args.add(Long.toString(config.outbox().streamMaxLength()));
    addField(args, EventFields.ID, event.id.toString());
    addField(args, EventFields.TYPE, event.type);
    addField(args, EventFields.VERSION, "1");
    addField(args, EventFields.OCCURRED_AT, event.occurredAt.toString());
    addField(args, EventFields.SOURCE, source);
    addField(args, EventFields.SUBJECT, event.subject);
    addField(args, EventFields.DATA, event.payload);
    Response response = redis.execute("EVAL", args.toArray(String[]::new));
    return response != null;
  }

  private static void addField(List<String> args, String name, String value) {
    args.add(name);
    args.add(value);
  }
}
