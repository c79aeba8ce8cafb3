package io.cybernetcall.signaling.presence;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The sockets open on this replica, by session id. A socket receives routed frames only after its
 * {@code welcome}: frames that arrive for it earlier (it is registered for delivery before the
 * welcome is built) are held and sent right after, in order.
 */
@ApplicationScoped
public class LocalSessions {

  private static final Logger LOG = Logger.getLogger(LocalSessions.class);
  private static final int MAX_HELD_FRAMES = 1000;

  private static final class Socket {
    final WebSocketConnection connection;
    List<String> held = new ArrayList<>();
    volatile long lastHeardNanos = System.nanoTime();

    Socket(WebSocketConnection connection) {
      this.connection = connection;
    }
  }

  private final Map<String, Socket> bySession = new ConcurrentHashMap<>();

  public void add(String sessionId, WebSocketConnection connection) {
    bySession.put(sessionId, new Socket(connection));
  }

  public void remove(String sessionId) {
    bySession.remove(sessionId);
  }

  /**
   * Sends the welcome, then whatever was held for the socket, and delivers directly from now on.
   */
  public io.smallrye.mutiny.Uni<Void> welcome(String sessionId, String welcomeFrame) {
    Socket socket = bySession.get(sessionId);
    if (socket == null) {
      return io.smallrye.mutiny.Uni.createFrom().voidItem();
    }
    return socket
        .connection
        .sendText(welcomeFrame)
        .invoke(
            () -> {
              List<String> held;
              synchronized (socket) {
                held = socket.held;
                socket.held = null;
              }
              held.forEach(frame -> write(sessionId, socket, frame));
            });
  }

  /** Sends a frame to one local socket; a socket that closed meanwhile is skipped. */
  public void send(String sessionId, String frame) {
    Socket socket = bySession.get(sessionId);
    if (socket == null || socket.connection.isClosed()) {
      return;
    }
    synchronized (socket) {
      if (socket.held != null) {
        if (socket.held.size() < MAX_HELD_FRAMES) {
          socket.held.add(frame);
        }
        return;
      }
    }
    write(sessionId, socket, frame);
  }

  /** Closes a local socket (logout, revoked session) with the given code. */
  public void close(String sessionId, int code, String reason) {
    Socket socket = bySession.get(sessionId);
    if (socket != null && !socket.connection.isClosed()) {
      socket
          .connection
          .close(new CloseReason(code, reason))
          .subscribe()
          .with(
              ok -> {},
              failure -> LOG.debugf("Close of %s failed: %s", sessionId, failure.toString()));
    }
  }

  /** Something (a frame or a pong) arrived from the socket. */
  public void heard(String sessionId) {
    Socket socket = bySession.get(sessionId);
    if (socket != null) {
      socket.lastHeardNanos = System.nanoTime();
    }
  }

  /** Closes every socket silent for longer than {@code timeout}; returns how many. */
  public int closeSilentFor(java.time.Duration timeout) {
    long cutoff = System.nanoTime() - timeout.toNanos();
    int closed = 0;
    for (Map.Entry<String, Socket> entry : bySession.entrySet()) {
      if (entry.getValue().lastHeardNanos < cutoff) {
        close(entry.getKey(), 1001, "Idle timeout");
        closed++;
      }
    }
    return closed;
  }

  public Map<String, WebSocketConnection> all() {
    return bySession.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().connection));
  }

  private static void write(String sessionId, Socket socket, String frame) {
    socket
        .connection
        .sendText(frame)
        .subscribe()
        .with(
            ok -> {},
            failure -> LOG.debugf("Send to %s failed: %s", sessionId, failure.toString()));
  }
}
