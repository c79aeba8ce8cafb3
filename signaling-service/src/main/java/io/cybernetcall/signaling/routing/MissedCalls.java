package io.cybernetcall.signaling.routing;

import io.cybernetcall.contracts.events.StreamNames;
import io.cybernetcall.platform.events.EventStreamsConfig;
import io.cybernetcall.platform.redis.LuaScript;
import io.cybernetcall.signaling.config.SignalingConfig;
import io.cybernetcall.signaling.redis.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Publishes {@code call.missed} for notification-service, at most once per call: when the callee
 * had no socket at all when the offer arrived, when nobody accepted before the ring timeout, or
 * when the caller hung up after it had rung for at least {@code signaling.limits.missed-call-after}
 * (a shorter ring is a misdial and mails nobody). Data sessions (chat, files) are never missed
 * calls.
 */
@ApplicationScoped
public class MissedCalls {

  static final LuaScript MISSED =
      LuaScript.load("lua/platform/append-event.lua", "lua/signaling/missed-call.lua");

  /** A call that timed out: who was in it. */
  public record Ended(String callerId, String calleeId) {}

  private final ReactiveRedisDataSource redis;
  private final RedisKeys keys;
  private final Clock clock;
  private final String eventsMaxLength;
  private final String missedAfterMillis;

  public MissedCalls(
      ReactiveRedisDataSource redis,
      RedisKeys keys,
      EventStreamsConfig streams,
      SignalingConfig config,
      Clock clock) {
    this.redis = redis;
    this.keys = keys;
    this.clock = clock;
    this.eventsMaxLength = Long.toString(streams.streamMaxLength());
    this.missedAfterMillis = Long.toString(config.limits().missedCallAfter().toMillis());
  }

  /** The callee has no socket: record the missed call, keep ringing in case they come back. */
  public Uni<Void> calleeOffline(String callId) {
    return run(callId, "offline", "").replaceWithVoid();
  }

  /** The ring timeout passed; returns the participants if this ended the call. */
  public Uni<Ended> ringTimedOut(String callId) {
    return run(callId, "unanswered", "")
        .map(
            r ->
                r == null || r.size() == 0 || !"1".equals(r.get(0).toString())
                    ? null
                    : new Ended(r.get(1).toString(), r.get(2).toString()));
  }

  /** {@code userId} hung up a call nobody had answered: missed, unless it was a misdial. */
  public Uni<Void> hungUpUnanswered(String callId, String userId) {
    return run(callId, "caller-hung-up", userId).replaceWithVoid();
  }

  private Uni<io.vertx.mutiny.redis.client.Response> run(
      String callId, String reason, String hungUpBy) {
    return MISSED.run(
        redis,
        List.of(keys.call(callId), StreamNames.CALL_EVENTS),
        List.of(
            reason,
            UUID.randomUUID().toString(),
            clock.instant().toString(),
            callId,
            eventsMaxLength,
            missedAfterMillis,
            hungUpBy));
  }
}
