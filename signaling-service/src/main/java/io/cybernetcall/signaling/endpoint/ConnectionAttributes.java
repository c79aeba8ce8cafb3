package io.cybernetcall.signaling.endpoint;

import io.cybernetcall.signaling.protocol.FrameRateLimiter;
import io.cybernetcall.signaling.protocol.InboundFrame;
import io.cybernetcall.signaling.protocol.Sender;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.vertx.core.Future;

/** What a connection remembers about itself. */
final class ConnectionAttributes {

  static final TypedKey<Sender> SENDER = io.cybernetcall.signaling.presence.SessionCloser.SENDER;
  static final TypedKey<FrameRateLimiter> LIMITER = new TypedKey<>("cybernet.limiter");
  static final TypedKey<FrameQueue<InboundFrame>> QUEUE = new TypedKey<>("cybernet.queue");

  /** While the socket is being set up: completes when it is (or failed); then removed. */
  static final TypedKey<Future<Void>> OPENING = new TypedKey<>("cybernet.opening");

  /** The {@code sid} claim: the auth-service session this socket was opened with. */
  static final TypedKey<String> AUTH_SESSION =
      io.cybernetcall.signaling.presence.SessionCloser.AUTH_SESSION;

  private ConnectionAttributes() {}
}
