package io.cybernetcall.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A JDK WebSocket whose sends are queued and written one after the other (the JDK allows one
 * outstanding send per socket), so an open-loop scheduler can hand it messages at any time.
 */
final class Connection implements WebSocket.Listener {

  private final ArrayDeque<String> queue = new ArrayDeque<>();
  private final StringBuilder partial = new StringBuilder();
  private final Consumer<String> onMessage;
  private boolean sending;
  final WebSocket socket;

  Connection(
      HttpClient client,
      URI uri,
      Map<String, String> headers,
      String[] subprotocols,
      Consumer<String> onMessage)
      throws Exception {
    this.onMessage = onMessage;
    WebSocket.Builder builder = client.newWebSocketBuilder();
    headers.forEach(builder::header);
    if (subprotocols.length > 0) {
      builder.subprotocols(
          subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
    }
    socket = builder.buildAsync(uri, this).get(30, TimeUnit.SECONDS);
  }

  void send(String text) {
    synchronized (queue) {
      if (sending) {
        queue.add(text);
        return;
      }
      sending = true;
    }
    write(text);
  }

  private void write(String text) {
    CompletableFuture<WebSocket> sent = socket.sendText(text, true);
    sent.whenComplete(
        (ws, failure) -> {
          String next;
          synchronized (queue) {
            next = queue.poll();
            if (next == null) {
              sending = false;
              return;
            }
          }
          write(next);
        });
  }

  void close() {
    socket
        .sendClose(WebSocket.NORMAL_CLOSURE, "")
        .orTimeout(5, TimeUnit.SECONDS)
        .exceptionally(e -> null)
        .join();
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      String message = partial.toString();
      partial.setLength(0);
      onMessage.accept(message);
    }
    webSocket.request(1);
    return null;
  }
}
