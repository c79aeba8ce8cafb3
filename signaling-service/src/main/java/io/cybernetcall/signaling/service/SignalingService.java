package io.cybernetcall.signaling.service;

import static io.cybernetcall.contracts.signaling.FrameTypes.OFFER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybernetcall.contracts.signaling.FrameTypes;
import io.cybernetcall.signaling.config.SignalingConfig;
import io.cybernetcall.signaling.presence.OrphanedSockets;
import io.cybernetcall.signaling.presence.SessionRegistry;
import io.cybernetcall.signaling.protocol.FrameException;
import io.cybernetcall.signaling.protocol.InboundFrame;
import io.cybernetcall.signaling.protocol.Sender;
import io.cybernetcall.signaling.routing.ContactCache;
import io.cybernetcall.signaling.routing.Delivery;
import io.cybernetcall.signaling.routing.MissedCalls;
import io.cybernetcall.signaling.routing.RelayedMessages;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * What signaling does, independent of the transport: connecting and leaving (presence), and routing
 * a peer frame. The WebSocket endpoint and the HTTP resource both call this one implementation, so
 * both get the same validation, authorization and limits.
 */
@ApplicationScoped
public class SignalingService implements OrphanedSockets {

  private static final Logger LOG = Logger.getLogger(SignalingService.class);

  /** Fields copied from a client's peer frame into the delivered frame. */
  private static final List<String> FORWARDED =
      List.of("callId", "sealed", "media", "messageId", "messageIds", "state");

  // The call states before an answer: a hang-up from one of them may be a missed call.
  private static final List<String> UNANSWERED = List.of("offered", "ringing");

  private final Delivery delivery;
  private final SessionRegistry registry;
  private final ContactCache contacts;
  private final MissedCalls missedCalls;
  private final RelayedMessages relayedMessages;
  private final IceServers iceServers;
  private final ObjectMapper json;
  private final SignalingConfig config;
  private final Vertx vertx;
  private final Clock clock;

  public SignalingService(
      Delivery delivery,
      SessionRegistry registry,
      ContactCache contacts,
      MissedCalls missedCalls,
      RelayedMessages relayedMessages,
      IceServers iceServers,
      ObjectMapper json,
      SignalingConfig config,
      Vertx vertx,
      Clock clock) {
    this.delivery = delivery;
    this.registry = registry;
    this.contacts = contacts;
    this.missedCalls = missedCalls;
    this.relayedMessages = relayedMessages;
    this.iceServers = iceServers;
    this.json = json;
    this.config = config;
    this.vertx = vertx;
    this.clock = clock;
  }

  /**
   * A socket opened: load the user's contacts, register the socket, tell contacts if the user just
   * came online, and build the welcome frame.
   */
  public Uni<String> connect(Sender sender) {
    return contacts
        .load(sender.userId(), sender.bearerToken())
        .flatMap(
            contactIds ->
                registry
                    .register(sender.userId(), sender.sessionId())
                    .call(
                        count ->
                            count == 1
                                ? announce(sender.userId(), contactIds, true)
                                : Uni.createFrom().voidItem())
                    .flatMap(count -> welcome(sender, contactIds)));
  }

  /** A socket closed: unregister it and tell contacts if that was the user's last one. */
  public Uni<Void> disconnect(Sender sender) {
    return registry
        .unregister(sender.userId(), sender.sessionId())
        .flatMap(remaining -> announceOfflineIfLast(sender.userId(), remaining));
  }

  /**
   * The user started long-polling the signal store: they count as online (one session, however many
   * polls) and their contacts hear it if they were offline. Contacts are known once the user has
   * loaded them (a socket, {@code GET /api/welcome} or an HTTP send); until then the presence
   * snapshot still shows them online.
   */
  public Uni<Void> longPollStarted(String userId) {
    return registry
        .registerLongPoll(userId)
        .flatMap(
            count ->
                count == 1
                    ? contacts.contactsOf(userId).flatMap(ids -> announce(userId, ids, true))
                    : Uni.createFrom().voidItem());
  }

  /** Announces the user offline to their cached contacts when no session remains. */
  private Uni<Void> announceOfflineIfLast(String userId, long remainingSessions) {
    return remainingSessions == 0
        ? contacts.contactsOf(userId).flatMap(ids -> announce(userId, ids, false))
        : Uni.createFrom().voidItem();
  }

  /** The user's long-polling ended: offline again unless a socket remains. */
  public Uni<Void> longPollStopped(String userId) {
    return registry
        .unregisterLongPoll(userId)
        .flatMap(remaining -> announceOfflineIfLast(userId, remaining));
  }

  /**
   * The welcome frame for a client without a WebSocket ({@code GET /api/welcome}): loads the user's
   * contacts and answers with ICE servers, presence and the last sequence number, without
   * registering a session (long-polling the signal store does that).
   */
  public Uni<String> httpWelcome(Sender sender) {
    return contacts
        .load(sender.userId(), sender.bearerToken())
        .flatMap(contactIds -> welcome(sender, contactIds));
  }

  private Uni<String> welcome(Sender sender, List<String> contactIds) {
    return registry
        .online(contactIds)
        .flatMap(
            online ->
                delivery
                    .lastSeq(sender.userId())
                    .map(lastSeq -> welcome(sender, contactIds, online, lastSeq)));
  }

  /** A socket of a dead replica: unregister it and announce the user offline if it was the last. */
  @Override
  public Uni<Void> reap(String userId, String sessionId, String deadReplicaId) {
    return registry
        .unregister(userId, sessionId, deadReplicaId)
        .flatMap(remaining -> announceOfflineIfLast(userId, remaining));
  }

  /** Routes an offer, answer, candidate or call-control frame to its recipient. */
  public Uni<Delivery.Delivered> route(Sender sender, InboundFrame frame) {
    return Uni.createFrom().completionStage(() -> routeAsync(sender, frame).toCompletionStage());
  }

  /**
   * {@link #route} as a Vert.x future: the WebSocket hot path, where every Mutiny operator would
   * capture the propagated context on every frame.
   */
  public Future<Delivery.Delivered> routeAsync(Sender sender, InboundFrame frame) {
    String signalId = UUID.randomUUID().toString();
    boolean relayed = RelayedMessages.isRelayed(frame.type());
    Instant keepUntil = relayed ? relayedMessages.keepUntil() : null;
    Delivery.Routing routing =
        new Delivery.Routing(
            sender.userId(),
            sender.sessionId(),
            frame.to().toString(),
            signalId,
            outbound(sender, signalId, frame, keepUntil),
            true,
            frame.callId(),
            // Only frames of a call move a call's state.
            frame.callId() == null ? null : frame.type(),
            frame.text("media"),
            keepUntil == null ? null : keepUntil.toString());
    Future<Void> admitted =
        relayed
            ? onThisContext(
                relayedMessages.admit(
                    sender.userId(), routing.recipientId(), frame.type(), signalId))
            : Future.succeededFuture();
    return admitted
        .compose(ok -> deliverLoadingContacts(sender, routing))
        .compose(delivered -> afterDelivery(sender, frame, delivered).map(delivered))
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof FrameException refused ? refused.withRef(frame.ref()) : e));
  }

  /** Kept frames after {@code after}, for a client resuming after a reconnect. */
  public Uni<Delivery.Replay> replay(String userId, long after) {
    return delivery.replay(userId, after, config.replay().maxSignals());
  }

  public ObjectNode iceServersFrame(String userId) {
    return iceServers.frameFor(userId);
  }

  private Future<Delivery.Delivered> deliverLoadingContacts(
      Sender sender, Delivery.Routing routing) {
    return delivery
        .deliverAsync(routing)
        .recover(
            e ->
                e instanceof FrameException f && "no-contacts".equals(f.code())
                    ? onThisContext(contacts.load(sender.userId(), sender.bearerToken()))
                        .compose(loaded -> delivery.deliverAsync(routing))
                    : Future.failedFuture(e));
  }

  private Future<Void> afterDelivery(
      Sender sender, InboundFrame frame, Delivery.Delivered delivered) {
    String outcome = settled(frame.type(), delivered.previousCallState());
    if (outcome != null) {
      return onThisContext(tellOtherDevices(sender, frame.callId(), outcome));
    }
    if (FrameTypes.HANGUP.equals(frame.type())
        && UNANSWERED.contains(delivered.previousCallState())) {
      return onThisContext(missedCalls.hungUpUnanswered(frame.callId(), sender.userId()));
    }
    boolean newCall = OFFER.equals(frame.type()) && delivered.previousCallState().isEmpty();
    if (!newCall || "data".equals(frame.text("media"))) {
      return Future.succeededFuture();
    }
    vertx.setTimer(config.limits().ringTimeout().toMillis(), id -> ringTimeout(frame.callId()));
    return delivered.recipientSockets() == 0
        ? onThisContext(missedCalls.calleeOffline(frame.callId()))
        : Future.succeededFuture();
  }

  /**
   * How the callee's frame settled a ringing call, or null when it did not: accepted or declined (a
   * data-only call is accepted by its answer). The call state machine has let only the callee send
   * these, and only while the call rang.
   */
  private static String settled(String type, String previousCallState) {
    if (!UNANSWERED.contains(previousCallState)) {
      return null;
    }
    return switch (type) {
      case FrameTypes.ACCEPT, FrameTypes.ANSWER -> "answered";
      case FrameTypes.REJECT -> "declined";
      case FrameTypes.BUSY -> "busy";
      default -> null;
    };
  }

  /**
   * The callee's other devices stop ringing: {@code call-settled} to all of the callee's sockets,
   * numbered and kept like any signal, so a device that opens later does not ring or show the call
   * as missed. The device that settled it is named in {@code from.sessionId}.
   */
  private Uni<Void> tellOtherDevices(Sender callee, String callId, String outcome) {
    ObjectNode frame = json.createObjectNode();
    frame.put("type", FrameTypes.CALL_SETTLED);
    String signalId = UUID.randomUUID().toString();
    frame.put("id", signalId);
    frame.putObject("from").put("userId", callee.userId()).put("sessionId", callee.sessionId());
    frame.put("callId", callId);
    frame.put("outcome", outcome);
    return delivery
        .deliver(
            new Delivery.Routing(
                callee.userId(),
                callee.sessionId(),
                callee.userId(),
                signalId,
                frame,
                false,
                null,
                null,
                null,
                null))
        .onFailure()
        .invoke(e -> LOG.warnf("Other devices not told that %s was %s: %s", callId, outcome, e))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  /** A Uni as a Vert.x future whose callbacks run on the caller's context. */
  private static <T> Future<T> onThisContext(Uni<T> uni) {
    Context context = io.vertx.core.Vertx.currentContext();
    return context == null
        ? Future.fromCompletionStage(uni.subscribeAsCompletionStage())
        : Future.fromCompletionStage(uni.subscribeAsCompletionStage(), context);
  }

  private void ringTimeout(String callId) {
    missedCalls
        .ringTimedOut(callId)
        .flatMap(
            ended -> {
              if (ended == null) {
                return Uni.createFrom().voidItem();
              }
              // Both sides learn the call is over; the callee's devices stop ringing.
              return Uni.combine()
                  .all()
                  .unis(
                      timeoutHangup(callId, ended.calleeId(), ended.callerId()),
                      timeoutHangup(callId, ended.callerId(), ended.calleeId()))
                  .discardItems();
            })
        .subscribe()
        .with(ok -> {}, failure -> LOG.warnf("Ring timeout of %s failed: %s", callId, failure));
  }

  private Uni<Delivery.Delivered> timeoutHangup(String callId, String peer, String recipient) {
    ObjectNode frame = json.createObjectNode();
    frame.put("type", FrameTypes.HANGUP);
    String signalId = UUID.randomUUID().toString();
    frame.put("id", signalId);
    frame.putObject("from").put("userId", peer).putNull("sessionId");
    frame.put("callId", callId);
    frame.put("reason", "timeout");
    return delivery.deliver(
        new Delivery.Routing(
            peer, null, recipient, signalId, frame, false, null, null, null, null));
  }

  /**
   * Tells the users' open clients, on every replica, that their contact list changed ({@code
   * contacts-changed}); they read the list again from auth-service. Best effort: a client that
   * misses it finds the change at its next poll.
   */
  public Uni<Void> contactsChanged(String... userIds) {
    String frame = json.createObjectNode().put("type", FrameTypes.CONTACTS_CHANGED).toString();
    return sendToEach(Arrays.asList(userIds), frame, "A contact change");
  }

  /**
   * Tells the user's own devices and their contacts that the user's device keys changed ({@code
   * keys-changed}): they read the key directory again. Best effort, like {@link #contactsChanged}:
   * clients read the keys again before every call anyway.
   */
  public Uni<Void> keysChanged(String userId) {
    ObjectNode frame = json.createObjectNode();
    frame.put("type", FrameTypes.KEYS_CHANGED);
    frame.put("userId", userId);
    return contacts
        .contactsOf(userId)
        .flatMap(
            ids ->
                sendToEach(
                    Stream.concat(ids.stream(), Stream.of(userId)).toList(),
                    frame.toString(),
                    "A key change of " + userId));
  }

  /** Tells each contact that the user came online or went offline; best effort. */
  private Uni<Void> announce(String userId, List<String> contactIds, boolean online) {
    if (contactIds.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    ObjectNode frame = json.createObjectNode();
    frame.put("type", FrameTypes.PRESENCE);
    frame.put("userId", userId);
    frame.put("online", online);
    return sendToEach(contactIds, frame.toString(), "Presence of " + userId);
  }

  /** An ephemeral frame to each user's open sockets on every replica; failures are logged. */
  private Uni<Void> sendToEach(List<String> userIds, String frame, String what) {
    return Uni.join()
        .all(userIds.stream().map(user -> delivery.sendEphemeral(user, frame)).toList())
        .andCollectFailures()
        .onFailure()
        .invoke(e -> LOG.warnf("%s not fully announced: %s", what, e.toString()))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  private String welcome(
      Sender sender, List<String> contactIds, List<Boolean> online, long lastSeq) {
    ObjectNode frame = json.createObjectNode();
    frame.put("type", FrameTypes.WELCOME);
    frame.put("sessionId", sender.sessionId());
    frame.put("userId", sender.userId());
    frame.put("serverTime", clock.instant().toString());
    frame.put("lastSeq", lastSeq);
    iceServers.describeFor(sender.userId(), frame);
    ArrayNode presence = frame.putArray("presence");
    for (int i = 0; i < contactIds.size(); i++) {
      presence.addObject().put("userId", contactIds.get(i)).put("online", online.get(i));
    }
    return frame.toString();
  }

  /**
   * The frame as the recipient gets it: identity set by the server, never copied from the client.
   */
  private ObjectNode outbound(
      Sender sender, String signalId, InboundFrame frame, Instant keepUntil) {
    ObjectNode out = json.createObjectNode();
    out.put("type", frame.type());
    out.put("id", signalId);
    out.putObject("from").put("userId", sender.userId()).put("sessionId", sender.sessionId());
    for (String field : FORWARDED) {
      JsonNode value = frame.body().get(field);
      if (value != null) {
        out.set(field, value);
      }
    }
    if (OFFER.equals(frame.type()) || FrameTypes.MESSAGE.equals(frame.type())) {
      // The server's clock, for a device that catches up later: a live call rings, an old one is
      // shown as missed; a relayed message is shown at the time it was sent.
      out.put("at", clock.millis());
    }
    if (keepUntil != null) {
      out.put("expiresAt", keepUntil.toString());
    }
    return out;
  }
}
