package io.cybernetcall.bench;

import io.cybernetcall.testsupport.Frames;
import io.cybernetcall.testsupport.SignalingSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A Cybernet Call client. Messages are {@code candidate} frames of an accepted DataChannel session
 * between two contacts, the hottest frame of real calls, padded to the requested size.
 */
final class CybernetPeer implements Peer {

  private final SignalingSocket connection;
  private final String userId;
  private final CountDownLatch welcomed = new CountDownLatch(1);
  private volatile String callId;

  CybernetPeer(
      HttpClient client, String baseUrl, String userId, String token, Consumer<String> onMessage)
      throws Exception {
    this.userId = userId;
    connection =
        SignalingSocket.open(
            client,
            URI.create(baseUrl.replaceFirst("^http", "ws") + "/ws/signal"),
            Map.of("Origin", SignalingSocket.ALLOWED_ORIGIN),
            new String[] {"bearer-token-carrier", SignalingSocket.tokenCarrier(token)},
            message -> {
              if ("welcome".equals(Frames.type(message))) {
                welcomed.countDown();
              } else {
                onMessage.accept(message);
              }
            });
    if (!welcomed.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("no welcome");
    }
  }

  /** Opens a DataChannel session from this peer to {@code callee} (offer, answer). */
  void openSession(CybernetPeer callee, String sessionId) {
    callId = sessionId;
    callee.callId = sessionId;
    connection.send(
        "{\"type\":\"offer\",\"to\":\"%s\",\"callId\":\"%s\",\"media\":\"data\",\"sdp\":\"v=0\"}"
            .formatted(callee.userId, sessionId));
  }

  void answer(CybernetPeer caller) {
    connection.send(
        "{\"type\":\"answer\",\"to\":\"%s\",\"callId\":\"%s\",\"sdp\":\"v=0\"}"
            .formatted(caller.userId, callId));
  }

  @Override
  public void send(Peer to, String payload) {
    connection.send(
        "{\"type\":\"candidate\",\"to\":\"%s\",\"callId\":\"%s\",\"candidate\":{\"candidate\":\"%s\",\"sdpMid\":\"0\"}}"
            .formatted(((CybernetPeer) to).userId, callId, payload));
  }

  /** Sends a frame as it is. */
  void sendFrame(String frame) {
    connection.send(frame);
  }

  @Override
  public String address() {
    return userId;
  }

  @Override
  public void close() {
    connection.close();
  }
}
