package io.cybernetcall.testsupport;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one Java signaling client: the tests, the benchmark and {@code scripts/SignalingDemo.java}
 * all connect with it. JDK only ({@code java.net.http}), so the benchmark and the demo need nothing
 * else. It connects as a browser does (Origin, the token in a subprotocol), keeps sends in order
 * without blocking the caller, and either queues incoming frames for {@link #next} or hands each to
 * a listener.
 */
public final class SignalingSocket implements AutoCloseable {

  /** The Origin signaling-service allows by default. */
  public static final String ALLOWED_ORIGIN = "http://localhost:8080";

  /** Why the socket closed: the close code (1006 when the connection dropped without one). */
  public record Closed(int code, String reason) {}

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
  private final List<String> skipped = new ArrayList<>();
  private final ArrayDeque<Outgoing> outbox = new ArrayDeque<>();
  private final Consumer<String> listener;
  private final CompletableFuture<Closed> closed = new CompletableFuture<>();
  private final WebSocket socket;
  private boolean sending;

  private SignalingSocket(
      HttpClient client,
      URI uri,
      Map<String, String> headers,
      List<String> subprotocols,
      Consumer<String> listener)
      throws Exception {
    this.listener = listener;
    WebSocket.Builder builder = client.newWebSocketBuilder();
    headers.forEach(builder::header);
    if (!subprotocols.isEmpty()) {
      builder.subprotocols(
          subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
    }
    try {
      socket =
          builder
              .connectTimeout(Duration.ofSeconds(30))
              .buildAsync(uri, new Receiver())
              .get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof java.net.http.WebSocketHandshakeException refused) {
        throw new IllegalStateException(
            "WebSocket upgrade refused with " + refused.getResponse().statusCode(), refused);
      }
      throw e;
    }
  }

  /**
   * Connects to {@code /ws/signal} of {@code baseUrl} (http or https) as a browser on the allowed
   * origin does, and queues frames for {@link #next}.
   */
  public static SignalingSocket connect(String baseUrl, String token) throws Exception {
    return connect(baseUrl, token, ALLOWED_ORIGIN, true, null);
  }

  /**
   * Connects with the token in a subprotocol ({@code viaSubprotocol}, as browsers must) or in the
   * Authorization header; {@code origin} may be null; {@code listener}, when given, receives every
   * frame instead of the queue.
   */
  public static SignalingSocket connect(
      String baseUrl,
      String token,
      String origin,
      boolean viaSubprotocol,
      Consumer<String> listener)
      throws Exception {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    if (origin != null) {
      headers.put("Origin", origin);
    }
    List<String> subprotocols = List.of();
    if (viaSubprotocol) {
      subprotocols = List.of("bearer-token-carrier", tokenCarrier(token));
    } else {
      headers.put("Authorization", "Bearer " + token);
    }
    URI uri = URI.create(baseUrl.replaceFirst("^http", "ws").replaceAll("/$", "") + "/ws/signal");
    return new SignalingSocket(HTTP, uri, headers, subprotocols, listener);
  }

  /** Any WebSocket server (the benchmark's peer, peerjs-server), frames to {@code listener}. */
  public static SignalingSocket open(
      HttpClient client,
      URI uri,
      Map<String, String> headers,
      String[] subprotocols,
      Consumer<String> listener)
      throws Exception {
    return new SignalingSocket(client, uri, headers, Arrays.asList(subprotocols), listener);
  }

  /** The subprotocol that carries a bearer token through a browser's WebSocket handshake. */
  public static String tokenCarrier(String token) {
    return URLEncoder.encode(
            "quarkus-http-upgrade#Authorization#Bearer " + token, StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  /** Sends a text frame after those sent before it; returns at once. */
  public void send(String text) {
    enqueue(new Outgoing(text, null));
  }

  /** Sends a text frame after those sent before it, and waits until it is written. */
  public void sendAndWait(String text) {
    CompletableFuture<Void> written = new CompletableFuture<>();
    enqueue(new Outgoing(text, written));
    written.orTimeout(30, TimeUnit.SECONDS).join();
  }

  /** Sends one message as several frames of {@code frameChars} characters (nothing else queued). */
  public void sendFragmented(String text, int frameChars) {
    for (int start = 0; start < text.length(); start += frameChars) {
      int end = Math.min(text.length(), start + frameChars);
      socket
          .sendText(text.substring(start, end), end == text.length())
          .orTimeout(30, TimeUnit.SECONDS)
          .exceptionally(e -> null)
          .join();
    }
  }

  public void sendBinary(byte[] bytes) {
    socket.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(30, TimeUnit.SECONDS).join();
  }

  // The JDK's WebSocket allows one outstanding send: the rest wait here, in order.
  private record Outgoing(String text, CompletableFuture<Void> written) {}

  private void enqueue(Outgoing frame) {
    synchronized (outbox) {
      if (sending) {
        outbox.add(frame);
        return;
      }
      sending = true;
    }
    write(frame);
  }

  private void write(Outgoing frame) {
    socket
        .sendText(frame.text(), true)
        .whenComplete(
            (ws, failure) -> {
              if (frame.written() != null) {
                if (failure == null) {
                  frame.written().complete(null);
                } else {
                  frame.written().completeExceptionally(failure);
                }
              }
              Outgoing next;
              synchronized (outbox) {
                next = outbox.poll();
                if (next == null) {
                  sending = false;
                  return;
                }
              }
              write(next);
            });
  }

  /** The next frame of that type (frames of other types before it are kept aside), or fails. */
  public String next(String type) {
    String frame = nextWithin(type, 10_000);
    if (frame == null) {
      throw new AssertionError(
          "No '" + type + "' frame arrived; other frames: " + skipped + frames);
    }
    return frame;
  }

  /** The next frame of that type if one arrives within the time, else null. */
  public String nextWithin(String type, long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < deadline) {
      String frame = poll(deadline);
      if (frame == null) {
        break;
      }
      if (type.equals(Frames.type(frame))) {
        return frame;
      }
      skipped.add(frame);
    }
    return null;
  }

  /** The next frame of any type, set-aside frames first; null if none arrives in time. */
  public String nextAny(long millis) {
    if (!skipped.isEmpty()) {
      return skipped.remove(0);
    }
    return poll(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis));
  }

  /** Every new frame that arrives within the time (frames set aside before stay there). */
  public List<String> drain(long millis) {
    List<String> all = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    String frame;
    while ((frame = poll(deadline)) != null) {
      all.add(frame);
    }
    return all;
  }

  /** How the socket closed, waiting up to ten seconds for it. */
  public Closed awaitClose() {
    return closed.orTimeout(10, TimeUnit.SECONDS).join();
  }

  public boolean isOpen() {
    return !closed.isDone() && !socket.isOutputClosed();
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket
          .sendClose(WebSocket.NORMAL_CLOSURE, "")
          .orTimeout(5, TimeUnit.SECONDS)
          .exceptionally(e -> null)
          .join();
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

  private final class Receiver implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String frame = partial.toString();
        partial.setLength(0);
        if (listener != null) {
          listener.accept(frame);
        } else {
          frames.add(frame);
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(new Closed(statusCode, reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(new Closed(1006, String.valueOf(error.getMessage())));
    }
  }
}
