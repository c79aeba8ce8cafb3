package io.cybernetcall.contracts.events;

/**
 * Payload of {@link EventTypes#USER_SESSIONS_REVOKED}: sessions that must be disconnected now
 * (logout, refresh-token reuse, password reset). {@code sessionId} is the {@code sid} claim of the
 * access tokens issued for that session; {@code null} means every session of the user.
 */
public record SessionsRevoked(String userId, String sessionId, String reason) {

  public SessionsRevoked {
    Require.present(userId, "userId");
  }
}
