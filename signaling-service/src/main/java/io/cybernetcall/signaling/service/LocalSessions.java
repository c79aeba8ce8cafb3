package io.cybernetcall.signaling.service;

import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/** The sockets open on this replica, by session id. */
@ApplicationScoped
public class LocalSessions {

  private static final Logger LOG = Logger.getLogger(LocalSessions.class);

  private final Map<String, WebSocketConnection> bySession = new ConcurrentHashMap<>();

  public void add(String sessionId, WebSocketConnection connection) {
    bySession.put(sessionId, connection);
  }

  public void remove(String sessionId) {
    bySession.remove(sessionId);
  }

  public int count() {
    return bySession.size();
  }

  /** Sends a frame to one local socket; a socket that closed meanwhile is skipped. */
  public void send(String sessionId, String frame) {
    WebSocketConnection connection = bySession.get(sessionId);
    if (connection == null || connection.isClosed()) {
      return;
    }
    connection
        .sendText(frame)
        .subscribe()
        .with(
            ok -> {},
            failure -> LOG.debugf("Send to %s failed: %s", sessionId, failure.toString()));
  }

  /** Closes every local socket of a session id (logout) with a policy-violation code. */
  public void close(String sessionId, int code, String reason) {
    WebSocketConnection connection = bySession.get(sessionId);
    if (connection != null && !connection.isClosed()) {
      connection
          .close(new io.quarkus.websockets.next.CloseReason(code, reason))
          .subscribe()
          .with(
              ok -> {},
              failure -> LOG.debugf("Close of %s failed: %s", sessionId, failure.toString()));
    }
  }

  public Map<String, WebSocketConnection> all() {
    return Map.copyOf(bySession);
  }
}
