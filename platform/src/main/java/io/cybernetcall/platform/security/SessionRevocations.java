package io.cybernetcall.platform.security;

import io.cybernetcall.contracts.events.EventTypes;
import io.cybernetcall.contracts.events.SessionsRevoked;
import io.cybernetcall.contracts.events.StreamNames;
import io.cybernetcall.platform.events.ReceivedEvent;
import io.cybernetcall.platform.events.StreamConsumers;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;

/**
 * Keeps this replica's {@link RevokedSessions} current: every replica of every service follows
 * {@code user.sessions-revoked}, starting far enough back to know the revocations made before it
 * started. Logging out, a detected refresh-token theft or a password reset then stops the session's
 * access tokens everywhere within the time it takes an event to reach the replicas.
 */
@ApplicationScoped
public class SessionRevocations {

  private final StreamConsumers streams;
  private final SessionRevocationConfig config;
  private final RevokedSessions revoked;

  public SessionRevocations(StreamConsumers streams, SessionRevocationConfig config, Clock clock) {
    this.streams = streams;
    this.config = config;
    this.revoked = new RevokedSessions(config.revocationMemory(), clock);
  }

  void start(@Observes StartupEvent started) {
    streams.follow(StreamNames.USER_EVENTS, config.revocationMemory(), this::apply);
  }

  /** Whether a token of this user, session and issue time is refused. */
  public boolean isRevoked(String userId, String sessionId, Instant issuedAt) {
    return revoked.isRevoked(userId, sessionId, issuedAt);
  }

  private void apply(ReceivedEvent event) {
    if (!EventTypes.USER_SESSIONS_REVOKED.equals(event.type())) {
      return;
    }
    SessionsRevoked sessions = event.data(SessionsRevoked.class);
    Instant at = event.envelope().occurredAt();
    if (sessions.sessionId() == null) {
      revoked.allSessionsEnded(sessions.userId(), at);
    } else {
      revoked.sessionEnded(sessions.sessionId(), at);
    }
  }
}
