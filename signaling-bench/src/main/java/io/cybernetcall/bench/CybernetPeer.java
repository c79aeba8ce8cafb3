package io.cybernetcall.bench;

import io.cybernetcall.testsupport.Frames;
import io.cybernetcall.testsupport.SealedPayloads;
import io.cybernetcall.testsupport.SignalingSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Cybernet Call client. Messages are {@code candidate} frames of an accepted DataChannel session
 * between two contacts, the hottest frame of real calls: sealed payloads as the browser client
 * makes them (for one device), whose ciphertext is as long as the payload and carries its timestamp
 * marker.
 */
final class CybernetPeer implements Peer {

  private static final Pattern MARKER = Pattern.compile("TS\\d+Z");

  private final SignalingSocket connection;
  // Made once: random bytes for every frame would load the benchmark's client, not the server.
  private final String sealedForThisPeer = SealedPayloads.json("CIPHERTEXT", UUID.randomUUID());
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
        "{\"type\":\"offer\",\"to\":\"%s\",\"callId\":\"%s\",\"media\":\"data\",\"sealed\":%s}"
            .formatted(callee.userId, sessionId, SealedPayloads.json()));
  }

  void answer(CybernetPeer caller) {
    connection.send(
        "{\"type\":\"answer\",\"to\":\"%s\",\"callId\":\"%s\",\"sealed\":%s}"
            .formatted(caller.userId, callId, SealedPayloads.json()));
  }

  @Override
  public void send(Peer to, String payload) {
    Matcher marker = MARKER.matcher(payload);
    String ciphertext =
        SealedPayloads.ciphertext(marker.find() ? marker.group() : "TS0Z", payload.length());
    connection.send(
        "{\"type\":\"candidate\",\"to\":\"%s\",\"callId\":\"%s\",\"sealed\":%s}"
            .formatted(
                ((CybernetPeer) to).userId,
                callId,
                ((CybernetPeer) to).sealedForThisPeer.replace("CIPHERTEXT", ciphertext)));
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
