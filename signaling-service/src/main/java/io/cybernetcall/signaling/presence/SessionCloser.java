package io.cybernetcall.signaling.presence;

import io.cybernetcall.signaling.protocol.Sender;
import io.quarkus.websockets.next.UserData.TypedKey;
import jakarta.enterprise.context.ApplicationScoped;

/** Closes this replica's sockets whose auth-service session was revoked (logout, theft, reset). */
@ApplicationScoped
public class SessionCloser {

  /** Same key the endpoint stores the token's {@code sid} claim under. */
  public static final TypedKey<String> AUTH_SESSION = new TypedKey<>("cybernet.auth-session");

  public static final TypedKey<Sender> SENDER = new TypedKey<>("cybernet.sender");

  private final LocalSessions local;

  public SessionCloser(LocalSessions local) {
    this.local = local;
  }

  /** {@code authSessionId == null} closes every socket of the user. */
  public void closeRevoked(String userId, String authSessionId) {
    local
        .all()
        .forEach(
            (socketId, connection) -> {
              Sender sender = connection.userData().get(SENDER);
              if (sender != null
                  && sender.userId().equals(userId)
                  && (authSessionId == null
                      || authSessionId.equals(connection.userData().get(AUTH_SESSION)))) {
                local.close(socketId, 1008, "Session ended");
              }
            });
  }
}
