package io.cybernetcall.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions that ended while access tokens issued for them may still be unexpired: a token whose
 * session ({@code sid}) is here is refused even though its signature and expiry are fine. A
 * revocation of every session of a user refuses the tokens issued before it. Entries are forgotten
 * after {@code memory} (longer than any access token lives), so the set stays small.
 */
public final class RevokedSessions {

  private final Duration memory;
  private final Clock clock;
  private final Map<String, Instant> sessions = new ConcurrentHashMap<>();
  private final Map<String, Instant> usersRevokedAt = new ConcurrentHashMap<>();

  public RevokedSessions(Duration memory, Clock clock) {
    this.memory = memory;
    this.clock = clock;
  }

  /** The session {@code sessionId} ended at {@code at}. */
  public void sessionEnded(String sessionId, Instant at) {
    sessions.merge(sessionId, at, (a, b) -> a.isBefore(b) ? a : b);
    forgetOld();
  }

  /** Every session of {@code userId} that existed at {@code at} ended then. */
  public void allSessionsEnded(String userId, Instant at) {
    usersRevokedAt.merge(userId, at, (a, b) -> a.isAfter(b) ? a : b);
    forgetOld();
  }

  /**
   * Whether a token of {@code userId}'s session {@code sessionId} issued at {@code issuedAt} (a
   * JWT's {@code iat}, whole seconds) must be refused. For a revocation of all sessions, only a
   * token issued in an earlier second than the revocation is refused: one signed in the same second
   * may be the new session the user started right after (a password reset, then sign-in).
   */
  public boolean isRevoked(String userId, String sessionId, Instant issuedAt) {
    if (sessionId != null && sessions.containsKey(sessionId)) {
      return true;
    }
    Instant allRevokedAt = userId == null ? null : usersRevokedAt.get(userId);
    return allRevokedAt != null
        && issuedAt != null
        && issuedAt.getEpochSecond() < allRevokedAt.getEpochSecond();
  }

  int size() {
    return sessions.size() + usersRevokedAt.size();
  }

  private void forgetOld() {
    Instant horizon = clock.instant().minus(memory);
    sessions.values().removeIf(at -> at.isBefore(horizon));
    usersRevokedAt.values().removeIf(at -> at.isBefore(horizon));
  }
}
