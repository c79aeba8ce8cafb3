package io.cybernetcall.signaling.endpoint;

import static io.cybernetcall.signaling.endpoint.ConnectionAttributes.AUTH_SESSION;
import static io.cybernetcall.signaling.endpoint.ConnectionAttributes.LIMITER;
import static io.cybernetcall.signaling.endpoint.ConnectionAttributes.OPENING;
import static io.cybernetcall.signaling.endpoint.ConnectionAttributes.QUEUE;
import static io.cybernetcall.signaling.endpoint.ConnectionAttributes.SENDER;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybernetcall.contracts.signaling.ErrorCodes;
import io.cybernetcall.contracts.signaling.FrameTypes;
import io.cybernetcall.signaling.config.SignalingConfig;
import io.cybernetcall.signaling.presence.LocalSessions;
import io.cybernetcall.signaling.protocol.FrameException;
import io.cybernetcall.signaling.protocol.FrameParser;
import io.cybernetcall.signaling.protocol.FrameRateLimiter;
import io.cybernetcall.signaling.protocol.InboundFrame;
import io.cybernetcall.signaling.protocol.Sender;
import io.cybernetcall.signaling.routing.Delivery;
import io.cybernetcall.signaling.service.SignalingService;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.quarkus.websockets.next.WebSocketSecurity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * {@code /ws/signal}: one socket per tab or device. Authenticated at the upgrade (bearer token in
 * the Authorization header, or for browsers in the {@code quarkus-http-upgrade} subprotocol). Every
 * frame is a JSON text frame of at most 64 KiB; see docs/protocol.md.
 */
// Authenticated at the upgrade by the HTTP permission in application.properties, not by
// @Authenticated: the annotation would also run the security interceptor on every frame.
// CONCURRENT: the endpoint orders a socket's frames itself (FrameQueue, behind the socket's
// opening; onClose waits for the opening too), so websockets-next's per-connection queue, kept
// for every socket's life, is not made.
@WebSocket(path = "/ws/signal", inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class SignalingEndpoint {

  private static final Logger LOG = Logger.getLogger(SignalingEndpoint.class);

  private final SignalingService service;
  private final FrameParser parser;
  private final LocalSessions local;
  private final SecurityIdentity identity;
  private final WebSocketSecurity security;
  private final InboundBacklog backlog;
  private final SignalingConfig config;
  private final ObjectMapper json;

  public SignalingEndpoint(
      SignalingService service,
      FrameParser parser,
      LocalSessions local,
      SecurityIdentity identity,
      WebSocketSecurity security,
      InboundBacklog backlog,
      SignalingConfig config,
      ObjectMapper json) {
    this.service = service;
    this.parser = parser;
    this.local = local;
    this.identity = identity;
    this.security = security;
    this.backlog = backlog;
    this.config = config;
    this.json = json;
  }

  /**
   * Sets the socket up: its session registered, then {@code welcome}. Frames that arrive meanwhile
   * wait in the socket's {@link FrameQueue} and are handled after the welcome, in order.
   */
  @OnOpen
  public Uni<Void> onOpen(WebSocketConnection connection) {
    JsonWebToken token = (JsonWebToken) identity.getPrincipal();
    Sender sender =
        new Sender(
            token.getSubject(),
            connection.id(),
            identity.getCredential(AccessTokenCredential.class).getToken());
    FrameQueue<InboundFrame> queue = new FrameQueue<>(config.limits().queuedFrames(), backlog);
    Promise<Void> opening = Promise.promise();
    connection.userData().put(SENDER, sender);
    connection.userData().put(LIMITER, new FrameRateLimiter(config.limits()));
    connection.userData().put(QUEUE, queue);
    connection.userData().put(OPENING, opening.future());
    String sid = token.getClaim("sid");
    if (sid != null) {
      connection.userData().put(AUTH_SESSION, sid);
    }
    Context context = Vertx.currentContext();
    local.add(sender.sessionId(), connection);
    return service
        .connect(sender)
        .flatMap(welcome -> local.welcome(sender.sessionId(), welcome))
        .invoke(() -> handleNext(connection, queue.opened(), queue, context))
        .onFailure()
        .invoke(
            e -> {
              LOG.warnf("Could not set up %s: %s", sender.sessionId(), e.toString());
              connection
                  .close(new CloseReason(1011, "Temporarily unavailable"))
                  .subscribe()
                  .with(ok -> {});
            })
        .onTermination()
        .invoke(
            () -> {
              connection.userData().remove(OPENING);
              opening.complete();
            });
  }

  /**
   * The protocol is JSON text only: a binary frame is closed with 1003 (unsupported data) rather
   * than silently dropped, so a client that sends one learns at once that nothing was delivered.
   */
  @OnBinaryMessage
  Uni<Void> onBinary(WebSocketConnection connection, Buffer frame) {
    return connection.close(new CloseReason(1003, "Only JSON text frames are accepted"));
  }

  @OnPongMessage
  void onPong(WebSocketConnection connection, Buffer pong) {
    local.heard(connection.id());
  }

  /**
   * Checks a frame as it arrives (shape, rate) and answers a refusal at once; a frame that passes
   * is handled in its socket's {@link FrameQueue}, in order, and this callback returns without
   * waiting for it, so websockets-next's own unbounded queue stays empty.
   */
  @OnTextMessage
  public Uni<Void> onMessage(WebSocketConnection connection, String text) {
    local.heard(connection.id());
    // Parsed before the rate check, so that a refusal for either reason names the frame's ref;
    // every frame counts against the limit, well-formed or not.
    InboundFrame frame = null;
    FrameException malformed = null;
    try {
      frame = parser.parse(text);
    } catch (FrameException e) {
      malformed = e;
    }
    if (!connection.userData().get(LIMITER).tryAcquire()) {
      String ref = frame != null ? frame.ref() : malformed.ref();
      return send(connection, error(ErrorCodes.RATE_LIMITED, "Too many frames; slow down.", ref));
    }
    if (malformed != null) {
      return send(connection, error(malformed));
    }
    if (FrameTypes.AUTH.equals(frame.type())) {
      // The identity update needs the connection's security context, which websockets-next makes
      // current only inside its callbacks: handled here, ahead of any frames still waiting (it
      // only renews the token they are sent with).
      return recovered(
          connection, frame, reauthenticate(connection, connection.userData().get(SENDER), frame));
    }
    FrameQueue<InboundFrame> queue = connection.userData().get(QUEUE);
    return switch (queue.offer(frame, text.length())) {
      case HANDLE_NOW -> {
        handleInTurn(connection, queue, frame, Vertx.currentContext());
        yield Uni.createFrom().voidItem();
      }
      case QUEUED -> Uni.createFrom().voidItem();
      case FULL ->
          send(
              connection,
              error(
                  ErrorCodes.UNAVAILABLE,
                  "Too many frames are waiting on the server; send this one again shortly.",
                  frame.ref()));
    };
  }

  /** Handles {@code frame}, then the one that waited behind it, and so on, on the socket's loop. */
  private void handleInTurn(
      WebSocketConnection connection,
      FrameQueue<InboundFrame> queue,
      InboundFrame frame,
      Context context) {
    Uni<Void> handled;
    try {
      handled = handle(connection, connection.userData().get(SENDER), frame);
    } catch (RuntimeException e) {
      handled = Uni.createFrom().failure(e);
    }
    recovered(connection, frame, handled)
        .subscribe()
        .with(
            done -> handleNext(connection, queue.next(), queue, context),
            failure -> {
              LOG.debugf("A frame on closed %s failed: %s", connection.id(), failure.toString());
              handleNext(connection, queue.next(), queue, context);
            });
  }

  /** {@code next}: the frame the queue handed over, or null when none waits. */
  private void handleNext(
      WebSocketConnection connection,
      InboundFrame next,
      FrameQueue<InboundFrame> queue,
      Context context) {
    if (next != null) {
      // Through the loop, not recursively: a run of frames handled at once would grow the stack.
      context.runOnContext(ignored -> handleInTurn(connection, queue, next, context));
    }
  }

  private Uni<Void> handle(WebSocketConnection connection, Sender sender, InboundFrame frame) {
    return switch (frame.type()) {
      case FrameTypes.ACK -> Uni.createFrom().voidItem();
      case FrameTypes.RESUME -> resume(connection, sender, frame.number("after"));
      case FrameTypes.REFRESH_ICE_SERVERS ->
          send(connection, service.iceServersFrame(sender.userId()).toString());
      default -> route(connection, sender, frame);
    };
  }

  /** A failure while the socket is open is answered with {@code unavailable}, naming the ref. */
  private Uni<Void> recovered(
      WebSocketConnection connection, InboundFrame frame, Uni<Void> handled) {
    return handled
        .onFailure(failure -> !connection.isClosed())
        .recoverWithUni(failure -> unavailable(connection, frame.ref(), failure));
  }

  /** A frame the server could not handle (a dependency is away): the client may retry it. */
  private Uni<Void> unavailable(WebSocketConnection connection, String ref, Throwable failure) {
    LOG.warnf("Could not handle a frame on %s: %s", connection.id(), failure.toString());
    return send(
        connection, error(ErrorCodes.UNAVAILABLE, "Could not process the frame; retry.", ref));
  }

  /**
   * The hot path: one Uni per frame; the routing itself is a chain of Vert.x futures. A frame with
   * a {@code ref} is answered with {@code accepted} once the server has taken responsibility for it
   * (numbered, kept for resume, queued for the durable store), so a client knows exactly which
   * frames to retry after a failure. Frames are handled one at a time per connection: when routing
   * stalls (Redis slow or away), the frames that arrive meanwhile wait in the socket's {@link
   * FrameQueue}; they were counted against the rate limit as they arrived.
   */
  private Uni<Void> route(WebSocketConnection connection, Sender sender, InboundFrame frame) {
    return Uni.createFrom()
        .emitter(
            done ->
                service
                    .routeAsync(sender, frame)
                    .onComplete(
                        routed -> {
                          String reply;
                          if (routed.succeeded()) {
                            reply = frame.ref() == null ? null : accepted(frame, routed.result());
                          } else if (routed.cause() instanceof FrameException refused) {
                            reply = error(refused);
                          } else {
                            done.fail(routed.cause());
                            return;
                          }
                          if (reply == null) {
                            done.complete(null);
                          } else {
                            send(connection, reply).subscribe().with(done::complete, done::fail);
                          }
                        }));
  }

  private String accepted(InboundFrame frame, Delivery.Delivered delivered) {
    ObjectNode accepted = json.createObjectNode();
    accepted.put("type", FrameTypes.ACCEPTED);
    accepted.put("ref", frame.ref());
    accepted.put("id", delivered.signalId());
    return accepted.toString();
  }

  /**
   * Drops the frames still waiting, then takes the session down; a socket closed while it was still
   * being set up is taken down once the set-up is over, so that it does not register afterwards.
   */
  @OnClose
  public Uni<Void> onClose(WebSocketConnection connection) {
    FrameQueue<InboundFrame> queue = connection.userData().get(QUEUE);
    if (queue != null) {
      queue.close();
    }
    Sender sender = connection.userData().get(SENDER);
    if (sender == null) {
      return Uni.createFrom().voidItem();
    }
    Future<Void> opening = connection.userData().get(OPENING);
    Uni<Void> opened =
        opening == null
            ? Uni.createFrom().voidItem()
            : Uni.createFrom().emitter(done -> opening.onComplete(ignored -> done.complete(null)));
    return opened.flatMap(
        ignored -> {
          local.remove(sender.sessionId());
          return service.disconnect(sender);
        });
  }

  @OnError
  public Uni<Void> onError(WebSocketConnection connection, Throwable failure) {
    if (connection.isClosed()) {
      // Nothing to tell a closed socket; sending would fail and land here again.
      return Uni.createFrom().voidItem();
    }
    if (failure instanceof IllegalStateException
        && String.valueOf(failure.getMessage()).contains("max message size")) {
      // Vert.x refuses the oversized message but leaves the socket open; the protocol says 1009.
      return connection.close(new CloseReason(1009, "Frame larger than 64 KiB"));
    }
    LOG.warnf("Unexpected failure on %s: %s", connection.id(), failure.toString());
    return send(
        connection, error(ErrorCodes.UNAVAILABLE, "Could not process the frame; retry.", null));
  }

  private Uni<Void> resume(WebSocketConnection connection, Sender sender, long after) {
    return service
        .replay(sender.userId(), after)
        .flatMap(
            replay -> {
              Uni<Void> sent = Uni.createFrom().voidItem();
              for (String frame : replay.frames()) {
                sent = sent.flatMap(ignored -> connection.sendText(frame));
              }
              ObjectNode end = json.createObjectNode();
              end.put("type", FrameTypes.REPLAY_END);
              end.put("lastSeq", replay.lastSeq());
              end.put("truncated", replay.truncated());
              return sent.flatMap(ignored -> connection.sendText(end.toString()));
            });
  }

  /** A fresh token before the current one expires keeps the socket open. */
  private Uni<Void> reauthenticate(
      WebSocketConnection connection, Sender sender, InboundFrame frame) {
    return Uni.createFrom()
        .completionStage(() -> security.updateSecurityIdentity(frame.text("token")))
        .flatMap(
            updated -> {
              JsonWebToken token = (JsonWebToken) updated.getPrincipal();
              if (!sender.userId().equals(token.getSubject())) {
                // A token of someone else: never switch users on an open socket.
                return connection.close(new CloseReason(1008, "Token of another user"));
              }
              connection
                  .userData()
                  .put(
                      SENDER,
                      new Sender(
                          sender.userId(),
                          sender.sessionId(),
                          updated.getCredential(AccessTokenCredential.class).getToken()));
              ObjectNode ok = json.createObjectNode();
              ok.put("type", FrameTypes.AUTHENTICATED);
              ok.put(
                  "expiresAt",
                  java.time.Instant.ofEpochSecond(token.getExpirationTime()).toString());
              return connection.sendText(ok.toString());
            })
        .onFailure()
        .recoverWithUni(
            e ->
                send(
                    connection,
                    error(ErrorCodes.AUTH_FAILED, "The token was not accepted.", frame.ref())));
  }

  private static Uni<Void> send(WebSocketConnection connection, String frame) {
    return connection.sendText(frame);
  }

  private String error(FrameException e) {
    return error(e.code(), e.getMessage(), e.ref());
  }

  private String error(String code, String message, String ref) {
    ObjectNode frame = json.createObjectNode();
    frame.put("type", FrameTypes.ERROR);
    frame.put("code", code);
    frame.put("message", message);
    if (ref != null) {
      frame.put("ref", ref);
    }
    return frame.toString();
  }
}
