package io.cybernetcall.signaling.service;

import io.cybernetcall.contracts.events.StreamNames;
import io.cybernetcall.platform.events.EventStreamsConfig;
import io.cybernetcall.platform.redis.LuaScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Publishes {@code call.missed} for notification-service, at most once per call: when the callee
 * had no socket at all when the offer arrived, or when nobody accepted before the ring timeout.
 */
@ApplicationScoped
public class MissedCalls {

  private static final LuaScript MISSED =
      LuaScript.load("lua/platform/append-event.lua", "lua/signaling/missed-call.lua");

  /** A call that timed out: who was in it. */
  public record Ended(String callerId, String calleeId) {}

  private final ReactiveRedisDataSource redis;
  private final Clock clock;
  private final String eventsMaxLength;

  public MissedCalls(ReactiveRedisDataSource redis, EventStreamsConfig streams, Clock clock) {
    this.redis = redis;
    this.clock = clock;
    this.eventsMaxLength = Long.toString(streams.streamMaxLength());
  }

  /** The callee has no socket: record the missed call, keep ringing in case they come back. */
  public Uni<Void> calleeOffline(String callId) {
    return run(callId, false, "offline").replaceWithVoid();
  }

  /** The ring timeout passed; returns the participants if this ended the call. */
  public Uni<Ended> ringTimedOut(String callId) {
    return run(callId, true, "unanswered")
        .map(
            r ->
                r == null || r.size() == 0
                    ? null
                    : new Ended(r.get(1).toString(), r.get(2).toString()));
  }

  private Uni<io.vertx.mutiny.redis.client.Response> run(
      String callId, boolean end, String reason) {
    return MISSED.run(
        redis,
        List.of(RedisKeys.call(callId), StreamNames.CALL_EVENTS),
        List.of(
            end ? "1" : "0",
            reason,
            UUID.randomUUID().toString(),
            clock.instant().toString(),
            callId,
            eventsMaxLength));
  }
}
