package io.cybernetcall.testsupport;

import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A browser-like client of signaling-service's {@code /ws/signal} (token in the subprotocol, the
 * allowed Origin) on the JDK's WebSocket, for tests that run signaling-service as a process.
 */
public final class JdkSignalingClient implements AutoCloseable {

  /** The Origin signaling-service allows by default. */
  public static final String ALLOWED_ORIGIN = "http://localhost:8080";

  private final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
  private final List<String> skipped = new ArrayList<>();
  private final WebSocket socket;
  public final JsonPath welcome;

  public JdkSignalingClient(String baseUrl, String token) throws Exception {
    String carrier =
        URLEncoder.encode(
                "quarkus-http-upgrade#Authorization#Bearer " + token, StandardCharsets.UTF_8)
            .replace("+", "%20");
    socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .header("Origin", ALLOWED_ORIGIN)
            .subprotocols("bearer-token-carrier", carrier)
            .buildAsync(URI.create(baseUrl.replace("http", "ws") + "/ws/signal"), new Collector())
            .get(10, TimeUnit.SECONDS);
    welcome = next("welcome");
  }

  public void send(String text) {
    socket.sendText(text, true).join();
  }

  public JsonPath next(String type) throws InterruptedException {
    return nextWithin(type, 10_000);
  }

  public JsonPath nextWithin(String type, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < deadline) {
      String frame = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (frame == null) {
        break;
      }
      JsonPath json = new JsonPath(frame);
      if (type.equals(json.getString("type"))) {
        return json;
      }
      skipped.add(frame);
    }
    throw new AssertionError(
        "No '" + type + "' frame within " + millis + " ms; other frames: " + skipped);
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
  }

  private final class Collector implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        frames.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }
  }
}
