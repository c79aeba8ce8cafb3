package io.cybernetcall.signaling.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybernetcall.contracts.events.StreamNames;
import io.cybernetcall.contracts.signaling.ErrorCodes;
import io.cybernetcall.signaling.config.SignalingConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Delivers frames to users wherever their sockets are. A routed signal is authorized, numbered,
 * kept for resume and published for the signal store in one atomic Redis script (one round trip),
 * then sent to the recipient's sockets: directly when they are on this replica, through the owning
 * replica's pub/sub channel otherwise.
 */
@ApplicationScoped
public class Delivery {

  private static final Logger LOG = Logger.getLogger(Delivery.class);
  private static final String EVENTS_MAX_LENGTH = Long.toString(1_000_000);

  // Routes one frame, atomically: authorization, call state machine, sequence number, replay
  // buffer, durable event, and the recipient's sockets. Run through RouteBatcher, which calls it
  // for each frame of a batch in one script call (ROUTE_BATCH_SCRIPT).
  // KEYS: contacts(sender), seq(recipient), inbox(recipient), signal events, sessions(recipient),
  //       call(callId) (any key when there is no call), new-call counter of (sender, recipient).
  // ARGV: 1 authorize (1/0), 2 recipientId, 3 frame without its opening brace, 4 inbox max length,
  //       5 inbox ttl seconds, 6 events max length, 7 signal id, 8 sender id, 9 now (ISO-8601),
  //       10 frame type for the call state machine ('' for none), 11 media (offers), 12 call ttl,
  //       13 new calls allowed per minute to the same recipient (ring-spam limit).
  // Returns {'ok', seq, frame, sessions (flat), call state, previous call state}
  //      or {code, message}.
  private static final String ROUTE =
      """
      local sender, recipient, t = ARGV[8], ARGV[2], ARGV[10]
      if ARGV[1] == '1' then
        if redis.call('EXISTS', KEYS[1]) == 0 then return {'no-contacts', 'Contacts not loaded.'} end
        if redis.call('SISMEMBER', KEYS[1], recipient) == 0 then
          return {'not-a-contact', 'The recipient is not one of your contacts.'}
        end
      end
      local state, previous = '', ''
      if t ~= '' then
        local c = redis.call('HMGET', KEYS[6], 'caller', 'callee', 'state', 'media')
        local caller, callee, media = c[1], c[2], c[4]
        previous = c[3] or ''
        if t == 'offer' and not caller then
          local started = redis.call('INCR', KEYS[7])
          if started == 1 then redis.call('PEXPIRE', KEYS[7], 60000) end
          if started > tonumber(ARGV[13]) then
            return {'rate-limited', 'Too many calls to this person; wait a minute.'}
          end
          redis.call('HSET', KEYS[6], 'caller', sender, 'callee', recipient, 'state', 'offered',
                     'media', ARGV[11])
          redis.call('EXPIRE', KEYS[6], ARGV[12])
          state = 'offered'
        else
          if not caller then return {'call-not-found', 'No such call.'} end
          local fromCaller = sender == caller and recipient == callee
          local fromCallee = sender == callee and recipient == caller
          if not (fromCaller or fromCallee) then
            return {'not-a-participant', 'You are not a participant of this call.'}
          end
          if previous == 'ended' then return {'invalid-state', 'The call has ended.'} end
          local waiting = previous == 'offered' or previous == 'ringing'
          state = previous
          if t == 'offer' then
            if previous ~= 'accepted' then
              return {'call-exists', 'This call id is in use; renegotiate only after accept.'}
            end
          elseif t == 'ringing' then
            if not (fromCallee and previous == 'offered') then
              return {'invalid-state', 'Only the callee rings, once, before answering.'}
            end
            state = 'ringing'
          elseif t == 'accept' then
            if not (fromCallee and waiting) then
              return {'invalid-state', 'Only the callee accepts a ringing call.'}
            end
            state = 'accepted'
          elseif t == 'answer' then
            if waiting and media == 'data' and fromCallee then
              state = 'accepted'
            elseif previous ~= 'accepted' then
              return {'invalid-state', 'A call is answered only after the callee accepted it.'}
            end
          elseif t == 'reject' or t == 'busy' then
            if not (fromCallee and waiting) then
              return {'invalid-state', 'Only the callee declines a ringing call.'}
            end
            state = 'ended'
          elseif t == 'hangup' then
            state = 'ended'
          end
          if state ~= previous then redis.call('HSET', KEYS[6], 'state', state) end
        end
      end
      local seq = redis.call('INCR', KEYS[2])
      local frame = '{"seq":' .. seq .. ',' .. ARGV[3]
      redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[4], seq .. '-0', 'f', frame)
      redis.call('EXPIRE', KEYS[3], ARGV[5])
      local data = cjson.encode({signalId = ARGV[7], recipientId = recipient, seq = seq,
                                 senderId = sender, frame = frame})
      redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[6], '*', 'id', ARGV[7],
                 'type', 'signal.routed', 'version', '1', 'occurredAt', ARGV[9],
                 'source', 'signaling-service', 'subject', recipient, 'data', data)
      return {'ok', seq, frame, redis.call('HGETALL', KEYS[5]), state, previous}
      """;

  static final int ROUTE_KEYS = 7;
  static final int ROUTE_ARGS = 13;

  // KEYS: ROUTE's keys for each frame in turn; ARGV: the number of frames, then ROUTE's arguments
  // for each frame in turn. Returns ROUTE's result for each frame, in order.
  static final RedisScript ROUTE_BATCH_SCRIPT =
      new RedisScript(
          "local function route(KEYS, ARGV)\n"
              + ROUTE
              + """
              end
              local results = {}
              for i = 0, tonumber(ARGV[1]) - 1 do
                local keys, args = {}, {}
                for j = 1, %d do keys[j] = KEYS[i * %d + j] end
                for j = 1, %d do args[j] = ARGV[1 + i * %d + j] end
                results[i + 1] = route(keys, args)
              end
              return results
              """
                  .formatted(ROUTE_KEYS, ROUTE_KEYS, ROUTE_ARGS, ROUTE_ARGS));

  /**
   * What a successful delivery produced: the signal id, the recipient's sequence number, the frame
   * as delivered, how many sockets it was sent to, and the call state before the frame.
   */
  public record Delivered(
      String signalId, long seq, String frame, int recipientSockets, String previousCallState) {}

  /** A frame to route: who from and to, and whether it moves a call's state. */
  public record Routing(
      String senderId,
      String recipientId,
      String signalId,
      ObjectNode frame,
      boolean authorize,
      String callId,
      String callFrameType,
      String media) {}

  private static final String CALL_TTL_SECONDS = Long.toString(6 * 3600);

  private final ReactiveRedisDataSource redis;
  private final RouteBatcher batcher;
  // Created once: fan-out publishes on every frame for a socket on another replica.
  private final ReactivePubSubCommands<String> pubsub;
  private final LocalSessions local;
  private final Replica replica;
  private final ObjectMapper json;
  private final Clock clock;
  // The routing script's arguments that are the same for every frame, rendered once.
  private final String inboxMaxLength;
  private final String inboxTtlSeconds;
  private final String offersPerCalleePerMinute;

  public Delivery(
      ReactiveRedisDataSource redis,
      RouteBatcher batcher,
      LocalSessions local,
      Replica replica,
      ObjectMapper json,
      SignalingConfig config,
      Clock clock) {
    this.redis = redis;
    this.batcher = batcher;
    this.pubsub = redis.pubsub(String.class);
    this.local = local;
    this.replica = replica;
    this.json = json;
    this.clock = clock;
    this.inboxMaxLength = Integer.toString(config.replay().maxSignals());
    this.inboxTtlSeconds = Long.toString(config.replay().retention().toSeconds());
    this.offersPerCalleePerMinute = Integer.toString(config.limits().offersPerCalleePerMinute());
  }

  void listen(@Observes StartupEvent started) {
    pubsub
        .subscribe(RedisKeys.replicaChannel(replica.id()))
        .subscribe()
        .with(
            this::deliverLocally,
            failure -> LOG.errorf("Fan-out subscription failed: %s", failure));
  }

  /**
   * Authorizes, applies to the call state, numbers and delivers a frame to every socket of the
   * recipient. Refusals are {@link FrameException}s with the code of {@link ErrorCodes}, or {@code
   * no-contacts} when the sender's contacts are not loaded yet.
   */
  public Uni<Delivered> deliver(Routing routing) {
    return Uni.createFrom().completionStage(() -> deliverAsync(routing).toCompletionStage());
  }

  /** {@link #deliver} as a Vert.x future, for the hot path (no Mutiny operator per frame). */
  public Future<Delivered> deliverAsync(Routing routing) {
    String text = write(routing.frame());
    String[] keys = {
      RedisKeys.contacts(routing.senderId()),
      RedisKeys.sequence(routing.recipientId()),
      RedisKeys.inbox(routing.recipientId()),
      StreamNames.SIGNAL_EVENTS,
      RedisKeys.sessions(routing.recipientId()),
      RedisKeys.call(routing.callId() == null ? "-" : routing.callId()),
      RedisKeys.rate("calls", routing.senderId() + ":" + routing.recipientId())
    };
    String[] args = {
      routing.authorize() ? "1" : "0",
      routing.recipientId(),
      text.substring(1),
      inboxMaxLength,
      inboxTtlSeconds,
      EVENTS_MAX_LENGTH,
      routing.signalId(),
      routing.senderId(),
      clock.instant().toString(),
      routing.callFrameType() == null ? "" : routing.callFrameType(),
      routing.media() == null ? "" : routing.media(),
      CALL_TTL_SECONDS,
      offersPerCalleePerMinute
    };
    return batcher
        .route(keys, args)
        .map(
            result -> {
              String status = result.get(0).toString();
              if (!"ok".equals(status)) {
                throw new FrameException(status, result.get(1).toString());
              }
              String delivered = result.get(2).toString();
              Map<String, String> sockets = sessions(result.get(3));
              fanOut(sockets, delivered);
              return new Delivered(
                  routing.signalId(),
                  result.get(1).toLong(),
                  delivered,
                  sockets.size(),
                  result.get(5).toString());
            });
  }

  /** Sends an unnumbered frame (presence) to every socket of a user; nothing is kept. */
  public Uni<Void> sendEphemeral(String userId, String frame) {
    return redis
        .hash(String.class)
        .hgetall(RedisKeys.sessions(userId))
        .invoke(sessions -> fanOut(sessions, frame))
        .replaceWithVoid();
  }

  // KEYS: inbox, sequence. ARGV: after, limit.
  // Returns {last seq, oldest kept seq (0 when nothing is kept), frames after `after`...}.
  private static final RedisScript REPLAY =
      new RedisScript(
          """
          local last = tonumber(redis.call('GET', KEYS[2]) or '0')
          local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
          local oldest = 0
          if #first > 0 then oldest = tonumber(string.match(first[1][1], '^(%d+)')) end
          local result = {last, oldest}
          local from = (tonumber(ARGV[1]) + 1) .. '-0'
          for _, entry in ipairs(redis.call('XRANGE', KEYS[1], from, '+', 'COUNT', ARGV[2])) do
            result[#result + 1] = entry[2][2]
          end
          return result
          """);

  /**
   * Kept frames with a sequence number above {@code after}, oldest first, the user's last sequence
   * number, and whether some after {@code after} are no longer kept here (the signal store has
   * them). One atomic read, so the three agree.
   */
  public record Replay(List<String> frames, long lastSeq, boolean truncated) {}

  public Uni<Replay> replay(String userId, long after, int limit) {
    return REPLAY
        .run(
            redis,
            "2",
            RedisKeys.inbox(userId),
            RedisKeys.sequence(userId),
            Long.toString(after),
            Integer.toString(limit))
        .map(
            result -> {
              long last = result.get(0).toLong();
              long oldest = result.get(1).toLong();
              List<String> frames = new ArrayList<>(result.size() - 2);
              for (int i = 2; i < result.size(); i++) {
                frames.add(result.get(i).toString());
              }
              boolean truncated = oldest > after + 1 || (oldest == 0 && last > after);
              return new Replay(frames, last, truncated);
            });
  }

  /** The sequence number of the last signal delivered to the user (0 if none). */
  public Uni<Long> lastSeq(String userId) {
    return redis
        .value(String.class)
        .get(RedisKeys.sequence(userId))
        .map(value -> value == null ? 0L : Long.parseLong(value));
  }

  private void fanOut(Map<String, String> sessionsToReplica, String frame) {
    Map<String, List<String>> remote = new HashMap<>();
    sessionsToReplica.forEach(
        (sessionId, replicaId) -> {
          if (replica.id().equals(replicaId)) {
            local.send(sessionId, frame);
          } else if (!SessionRegistry.LONG_POLL_REPLICA.equals(replicaId)) {
            // Long-polling clients receive from the signal store, not from a replica.
            remote.computeIfAbsent(replicaId, r -> new ArrayList<>()).add(sessionId);
          }
        });
    remote.forEach(
        (replicaId, sessionIds) ->
            pubsub
                .publish(
                    RedisKeys.replicaChannel(replicaId),
                    String.join(",", sessionIds) + "\n" + frame)
                .subscribe()
                .with(
                    ok -> {},
                    failure -> LOG.warnf("Fan-out to %s failed: %s", replicaId, failure)));
  }

  private void deliverLocally(String message) {
    int newline = message.indexOf('\n');
    if (newline < 0) {
      return;
    }
    String frame = message.substring(newline + 1);
    for (String sessionId : message.substring(0, newline).split(",")) {
      local.send(sessionId, frame);
    }
  }

  /** HGETALL as returned from a script: always a flat key, value, key, value array. */
  private static Map<String, String> sessions(io.vertx.redis.client.Response flat) {
    Map<String, String> sessions = new HashMap<>();
    for (int i = 0; flat != null && i + 1 < flat.size(); i += 2) {
      sessions.put(flat.get(i).toString(), flat.get(i + 1).toString());
    }
    return sessions;
  }

  private String write(ObjectNode frame) {
    try {
      return json.writeValueAsString(frame);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A frame built by the server is always serializable", e);
    }
  }
}
