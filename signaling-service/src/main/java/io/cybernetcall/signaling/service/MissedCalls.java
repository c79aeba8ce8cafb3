package io.cybernetcall.signaling.service;

import io.cybernetcall.contracts.events.StreamNames;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.UUID;

/**
 * Publishes {@code call.missed} for notification-service, at most once per call: when the callee
 * had no socket at all when the offer arrived, or when nobody accepted before the ring timeout.
 */
@ApplicationScoped
public class MissedCalls {

  // KEYS: call, call events. ARGV: end call (1/0), reason, event id, now, call id.
  // Returns {ended (1/0), caller, callee} or {} when the call was already answered or ended.
  private static final String MISSED =
      """
      local c = redis.call('HMGET', KEYS[1], 'caller', 'callee', 'state', 'media', 'missed')
      if not c[1] or (c[3] ~= 'offered' and c[3] ~= 'ringing') then return {} end
      if not c[5] then
        redis.call('HSET', KEYS[1], 'missed', ARGV[2])
        local data = cjson.encode({callId = ARGV[5], callerId = c[1], calleeId = c[2],
                                   media = c[4], reason = ARGV[2], at = ARGV[4]})
        redis.call('XADD', KEYS[2], 'MAXLEN', '~', '100000', '*', 'id', ARGV[3],
                   'type', 'call.missed', 'version', '1', 'occurredAt', ARGV[4],
                   'source', 'signaling-service', 'subject', c[2], 'data', data)
      end
      if ARGV[1] == '1' then redis.call('HSET', KEYS[1], 'state', 'ended') end
      return {ARGV[1], c[1], c[2]}
      """;

  /** A call that timed out: who was in it. */
  public record Ended(String callerId, String calleeId) {}

  private final ReactiveRedisDataSource redis;
  private final Clock clock;

  public MissedCalls(ReactiveRedisDataSource redis, Clock clock) {
    this.redis = redis;
    this.clock = clock;
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
    return redis.execute(
        "EVAL",
        MISSED,
        "2",
        RedisKeys.call(callId),
        StreamNames.CALL_EVENTS,
        end ? "1" : "0",
        reason,
        UUID.randomUUID().toString(),
        clock.instant().toString(),
        callId);
  }
}
