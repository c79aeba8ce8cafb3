package io.cybernetcall.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketClientConnection;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client of /ws/signal that records every frame it receives. */
final class SignalingClient implements AutoCloseable {

  static final String ALLOWED_ORIGIN = "http://localhost:8080";

  private final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
  private final List<String> skipped = new ArrayList<>();
  private volatile CloseReason closeReason;
  private WebSocketClientConnection connection;
  final JsonPath welcome;

  private SignalingClient(URI base, String token, boolean viaSubprotocol, String origin) {
    BasicWebSocketConnector connector =
        BasicWebSocketConnector.create()
            .baseUri(base)
            .path("/ws/signal")
            .onTextMessage((c, text) -> frames.add(text))
            .onClose((c, reason) -> closeReason = reason);
    if (origin != null) {
      connector.addHeader("Origin", origin);
    }
    if (viaSubprotocol) {
      // What a browser does: the token rides in a subprotocol, URL-encoded.
      connector.addSubprotocol("bearer-token-carrier");
      connector.addSubprotocol(
          URLEncoder.encode(
                  "quarkus-http-upgrade#Authorization#Bearer " + token, StandardCharsets.UTF_8)
              .replace("+", "%20"));
    } else {
      connector.addHeader("Authorization", "Bearer " + token);
    }
    connection = connector.connectAndAwait();
    welcome = next("welcome");
  }

  /** Connects like a browser on the allowed origin. */
  static SignalingClient browser(URI base, String token) {
    return new SignalingClient(base, token, true, ALLOWED_ORIGIN);
  }

  /** Connects with the token in the Authorization header (non-browser clients). */
  static SignalingClient withHeader(URI base, String token) {
    return new SignalingClient(base, token, false, ALLOWED_ORIGIN);
  }

  String sessionId() {
    return welcome.getString("sessionId");
  }

  void send(String text) {
    connection.sendTextAndAwait(text);
  }

  void sendBinary(byte[] bytes) {
    connection.sendBinaryAndAwait(io.vertx.core.buffer.Buffer.buffer(bytes));
  }

  /** The next frame of that type; frames of other types before it are kept aside. */
  JsonPath next(String type) {
    JsonPath frame = nextWithin(type, 10_000);
    if (frame == null) {
      throw new AssertionError(
          "No '" + type + "' frame arrived; other frames: " + skipped + frames);
    }
    return frame;
  }

  /** The next frame of that type if one arrives within the time, else null. */
  JsonPath nextWithin(String type, long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < deadline) {
      String frame = poll(deadline);
      if (frame == null) {
        break;
      }
      JsonPath json = new JsonPath(frame);
      if (type.equals(json.getString("type"))) {
        return json;
      }
      skipped.add(frame);
    }
    return null;
  }

  /** The next frame of any type, set-aside frames first; null if none arrives in time. */
  JsonPath nextAny(long millis) {
    if (!skipped.isEmpty()) {
      return new JsonPath(skipped.remove(0));
    }
    String frame = poll(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis));
    return frame == null ? null : new JsonPath(frame);
  }

  /** Asserts that no frame of that type arrives within the given time. */
  void assertNo(String type, long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    String frame;
    while ((frame = poll(deadline)) != null) {
      assertThat(new JsonPath(frame).getString("type")).as(frame).isNotEqualTo(type);
    }
  }

  CloseReason awaitClose() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (closeReason == null && System.nanoTime() < deadline) {
      sleep();
    }
    assertThat(closeReason).as("socket closed").isNotNull();
    return closeReason;
  }

  boolean isOpen() {
    return connection.isOpen();
  }

  @Override
  public void close() {
    if (connection.isOpen()) {
      connection.closeAndAwait();
    }
  }

  private String poll(long deadlineNanos) {
    try {
      return frames.poll(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
