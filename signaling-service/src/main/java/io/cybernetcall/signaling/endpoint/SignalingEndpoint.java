package io.cybernetcall.signaling.endpoint;

import static io.cybernetcall.signaling.endpoint.ConnectionAttributes.AUTH_SESSION;
import static io.cybernetcall.signaling.endpoint.ConnectionAttributes.LIMITER;
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
@WebSocket(path = "/ws/signal")
public class SignalingEndpoint {

  /** Routing that took longer than this held the connection's later frames in our queue. */
  private static final long STALL_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(250);

  private static final Logger LOG = Logger.getLogger(SignalingEndpoint.class);

  private final SignalingService service;
  private final FrameParser parser;
  private final LocalSessions local;
  private final SecurityIdentity identity;
  private final WebSocketSecurity security;
  private final SignalingConfig config;
  private final ObjectMapper json;

  public SignalingEndpoint(
      SignalingService service,
      FrameParser parser,
      LocalSessions local,
      SecurityIdentity identity,
      WebSocketSecurity security,
      SignalingConfig config,
      ObjectMapper json) {
    this.service = service;
    this.parser = parser;
    this.local = local;
    this.identity = identity;
    this.security = security;
    this.config = config;
    this.json = json;
  }

  @OnOpen
  public Uni<Void> onOpen(WebSocketConnection connection) {
    JsonWebToken token = (JsonWebToken) identity.getPrincipal();
    Sender sender =
        new Sender(
            token.getSubject(),
            connection.id(),
            identity.getCredential(AccessTokenCredential.class).getToken());
    connection.userData().put(SENDER, sender);
    connection.userData().put(LIMITER, new FrameRateLimiter(config.limits()));
    String sid = token.getClaim("sid");
    if (sid != null) {
      connection.userData().put(AUTH_SESSION, sid);
    }
    local.add(sender.sessionId(), connection);
    return service
        .connect(sender)
        .flatMap(welcome -> local.welcome(sender.sessionId(), welcome))
        .onFailure()
        .invoke(
            e -> {
              LOG.warnf("Could not set up %s: %s", sender.sessionId(), e.toString());
              connection
                  .close(new CloseReason(1011, "Temporarily unavailable"))
                  .subscribe()
                  .with(ok -> {});
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

  @OnTextMessage
  public Uni<Void> onMessage(WebSocketConnection connection, String text) {
    local.heard(connection.id());
    Sender sender = connection.userData().get(SENDER);
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
    String ref = frame.ref();
    Uni<Void> handled =
        switch (frame.type()) {
          case FrameTypes.ACK -> Uni.createFrom().voidItem();
          case FrameTypes.RESUME -> resume(connection, sender, frame.number("after"));
          case FrameTypes.AUTH -> reauthenticate(connection, sender, frame);
          case FrameTypes.REFRESH_ICE_SERVERS ->
              send(connection, service.iceServersFrame(sender.userId()).toString());
          default -> route(connection, sender, frame);
        };
    return handled
        .onFailure(failure -> !connection.isClosed())
        .recoverWithUni(failure -> unavailable(connection, ref, failure));
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
   * stalls (Redis slow or away), the frames that arrive meanwhile queue, and the rate limiter is
   * told so that they are not refused as a burst the client never sent.
   */
  private Uni<Void> route(WebSocketConnection connection, Sender sender, InboundFrame frame) {
    long started = System.nanoTime();
    return Uni.createFrom()
        .emitter(
            done ->
                service
                    .routeAsync(sender, frame)
                    .onComplete(
                        routed -> {
                          long took = System.nanoTime() - started;
                          if (took > STALL_NANOS) {
                            connection.userData().get(LIMITER).serverStalled(took);
                          }
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

  @OnClose
  public Uni<Void> onClose(WebSocketConnection connection) {
    Sender sender = connection.userData().get(SENDER);
    if (sender == null) {
      return Uni.createFrom().voidItem();
    }
    local.remove(sender.sessionId());
    return service.disconnect(sender);
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
