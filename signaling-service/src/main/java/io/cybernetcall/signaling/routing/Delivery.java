package io.cybernetcall.signaling.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybernetcall.contracts.signaling.ErrorCodes;
import io.cybernetcall.contracts.signaling.FrameTypes;
import io.cybernetcall.platform.events.EventStreamsConfig;
import io.cybernetcall.platform.redis.LuaScript;
import io.cybernetcall.signaling.config.SignalingConfig;
import io.cybernetcall.signaling.presence.LocalSessions;
import io.cybernetcall.signaling.presence.Replica;
import io.cybernetcall.signaling.presence.SessionRegistry;
import io.cybernetcall.signaling.protocol.FrameException;
import io.cybernetcall.signaling.redis.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Delivers frames to users wherever their sockets are. A routed signal is authorized against the
 * replica's contact cache, applied to its call's state when it is a call-control frame (one script
 * in the call's slot), then numbered, kept for resume and published for the signal store in one
 * script in the recipient's slot, batched with the other frames of the event-loop turn to the same
 * slot; then sent to the recipient's sockets: directly when they are on this replica, through the
 * owning replica's pub/sub channel otherwise.
 */
@ApplicationScoped
public class Delivery {

  private static final Logger LOG = Logger.getLogger(Delivery.class);

  static final int ROUTE_KEYS = 6;
  static final int ROUTE_ARGS = 14;

  // Routes a batch of frames to recipients of one slot in one script call, each atomically:
  // sequence number, replay buffer, durable event, the recipient's open calls and sockets.
  static final LuaScript ROUTE_BATCH_SCRIPT =
      LuaScript.load(
          "lua/platform/append-event.lua",
          "lua/signaling/route.lua",
          "lua/signaling/route-batch.lua");

  // The call state machine for one call-control frame, in the call's slot.
  static final LuaScript CALL_STATE_SCRIPT =
      LuaScript.load("lua/signaling/call-state-machine.lua", "lua/signaling/call-state.lua");

  /** The frames that move a call's state; a handful per call. */
  private static final Set<String> CALL_CONTROL =
      Set.of(
          FrameTypes.OFFER,
          FrameTypes.RINGING,
          FrameTypes.ACCEPT,
          FrameTypes.ANSWER,
          FrameTypes.REJECT,
          FrameTypes.BUSY,
          FrameTypes.HANGUP);

  /**
   * What a successful delivery produced: the signal id, the recipient's sequence number, the frame
   * as delivered, how many sockets it was sent to, and the call state before the frame.
   */
  public record Delivered(
      String signalId, long seq, String frame, int recipientSockets, String previousCallState) {}

  /**
   * A frame to route: who from (user and session, i.e. device) and to, and, for a frame of a call,
   * its type (a call-control frame moves the call's state; an ICE candidate must be in an open call
   * between the two).
   */
  public record Routing(
      String senderId,
      String senderSessionId,
      String recipientId,
      String signalId,
      ObjectNode frame,
      boolean authorize,
      String callId,
      String callFrameType,
      String media,
      String keepUntil) {}

  /** What the call state machine decided for a frame, as the routing script takes it. */
  private record CallStep(String step, String previousState, boolean newCall) {
    static final CallStep NONE = new CallStep("", "", false);
    static final CallStep CHECK = new CallStep("check", "", false);
  }

  private static final String CALL_TTL_SECONDS = Long.toString(6 * 3600);

  private final ReactiveRedisDataSource redis;
  private final Redis client;
  private final RouteBatcher batcher;
  private final ReplicaChannels channels;
  private final LocalSessions local;
  private final Replica replica;
  private final ContactCache contacts;
  private final RedisKeys keys;
  private final ObjectMapper json;
  private final Clock clock;
  // The routing script's arguments that are the same for every frame, rendered once.
  private final String inboxMaxLength;
  private final String inboxTtlSeconds;
  private final String offersPerCalleePerMinute;
  private final String eventsMaxLength;

  public Delivery(
      ReactiveRedisDataSource redis,
      RouteBatcher batcher,
      ReplicaChannels channels,
      LocalSessions local,
      Replica replica,
      ContactCache contacts,
      RedisKeys keys,
      ObjectMapper json,
      SignalingConfig config,
      EventStreamsConfig streams,
      Clock clock) {
    this.redis = redis;
    this.client = redis.getRedis().getDelegate();
    this.batcher = batcher;
    this.channels = channels;
    this.local = local;
    this.replica = replica;
    this.contacts = contacts;
    this.keys = keys;
    this.json = json;
    this.clock = clock;
    this.inboxMaxLength = Integer.toString(config.replay().maxSignals());
    this.inboxTtlSeconds = Long.toString(config.replay().retention().toSeconds());
    this.offersPerCalleePerMinute = Integer.toString(config.limits().offersPerCalleePerMinute());
    this.eventsMaxLength = Long.toString(streams.streamMaxLength());
  }

  void listen(@Observes StartupEvent started) {
    channels.listen(this::deliverLocally);
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
    Future<Void> authorized =
        routing.authorize()
            ? contacts.authorize(routing.senderId(), routing.recipientId())
            : Future.succeededFuture();
    return authorized.compose(ok -> callStep(routing)).compose(step -> route(routing, step));
  }

  private Future<CallStep> callStep(Routing routing) {
    String type = routing.callFrameType();
    if (type == null) {
      return Future.succeededFuture(CallStep.NONE);
    }
    if (FrameTypes.CANDIDATE.equals(type)) {
      return Future.succeededFuture(CallStep.CHECK);
    }
    if (!CALL_CONTROL.contains(type)) {
      return Future.succeededFuture(CallStep.NONE);
    }
    List<String> keysAndArgs =
        List.of(
            "2",
            keys.call(routing.callId()),
            keys.newCalls(routing.senderId(), routing.recipientId()),
            type,
            routing.senderId(),
            routing.recipientId(),
            routing.media() == null ? "" : routing.media(),
            CALL_TTL_SECONDS,
            offersPerCalleePerMinute,
            routing.senderSessionId() == null ? "" : routing.senderSessionId());
    return CALL_STATE_SCRIPT
        .run(client, keysAndArgs)
        .map(
            result -> {
              refuseUnlessOk(result);
              String state = result.get(1).toString();
              String previous = result.get(2).toString();
              return new CallStep(
                  "ended".equals(state) ? "close" : "open",
                  previous,
                  FrameTypes.OFFER.equals(type) && previous.isEmpty());
            });
  }

  private Future<Delivered> route(Routing routing, CallStep call) {
    String recipient = routing.recipientId();
    RedisKeys.Recipient recipientKeys = keys.recipient(recipient);
    String text = write(routing.frame());
    String[] routeKeys = {
      recipientKeys.sequence(),
      recipientKeys.inbox(),
      recipientKeys.signalStream(),
      recipientKeys.sessions(),
      recipientKeys.openCalls(),
      recipientKeys.lastDurable()
    };
    String[] args = {
      recipient,
      text.substring(1),
      inboxMaxLength,
      inboxTtlSeconds,
      eventsMaxLength,
      routing.signalId(),
      routing.senderId(),
      clock.instant().toString(),
      call.step(),
      routing.callId() == null ? "" : routing.callId(),
      call.newCall() ? "1" : "",
      routing.keepUntil() == null ? "" : routing.keepUntil(),
      CALL_TTL_SECONDS,
      SessionRegistry.LONG_POLL_REPLICA
    };
    return batcher
        .route(recipientKeys.signalStream(), routeKeys, args)
        .map(
            result -> {
              refuseUnlessOk(result);
              String delivered = result.get(2).toString();
              Map<String, String> sockets = sessions(result.get(3));
              fanOut(sockets, delivered);
              return new Delivered(
                  routing.signalId(),
                  result.get(1).toLong(),
                  delivered,
                  sockets.size(),
                  call.previousState());
            });
  }

  /** Sends an unnumbered frame (presence) to every socket of a user; nothing is kept. */
  public Uni<Void> sendEphemeral(String userId, String frame) {
    return redis
        .hash(String.class)
        .hgetall(keys.sessions(userId))
        .invoke(sessions -> fanOut(sessions, frame))
        .replaceWithVoid();
  }

  static final LuaScript REPLAY = LuaScript.load("lua/signaling/replay.lua");

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
            List.of(keys.inbox(userId), keys.sequence(userId)),
            List.of(Long.toString(after), Integer.toString(limit)))
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
        .get(keys.sequence(userId))
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
            channels
                .publish(replicaId, String.join(",", sessionIds) + "\n" + frame)
                .onFailure(failure -> LOG.warnf("Fan-out to %s failed: %s", replicaId, failure)));
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

  /** A script's refusal, {code, message}, as the sender's error; its {'ok', …} passes. */
  private static void refuseUnlessOk(io.vertx.redis.client.Response result) {
    String status = result.get(0).toString();
    if (!"ok".equals(status)) {
      throw new FrameException(status, result.get(1).toString());
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
