package io.cybernetcall.auth.service;

import io.cybernetcall.auth.config.AuthConfig;
import io.cybernetcall.auth.model.RefreshToken;
import io.cybernetcall.auth.model.User;
import io.cybernetcall.auth.repository.RefreshTokenRepository;
import io.cybernetcall.auth.repository.UserRepository;
import io.cybernetcall.contracts.events.EventTypes;
import io.cybernetcall.contracts.events.SessionsRevoked;
import io.cybernetcall.contracts.events.StreamNames;
import io.cybernetcall.platform.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Sign-in sessions. A session is a refresh-token family: every refresh rotates the token, and
 * presenting a spent token again (after a short grace for lost responses) is treated as theft and
 * revokes the family.
 */
@ApplicationScoped
public class SessionService {

  private final UserRepository users;
  private final RefreshTokenRepository refreshTokens;
  private final PasswordHasher hasher;
  private final LoginThrottle throttle;
  private final TokenIssuer issuer;
  private final OutboxService outbox;
  private final AuthConfig config;
  private final Clock clock;
  private final MeterRegistry metrics;

  public SessionService(
      UserRepository users,
      RefreshTokenRepository refreshTokens,
      PasswordHasher hasher,
      LoginThrottle throttle,
      TokenIssuer issuer,
      OutboxService outbox,
      AuthConfig config,
      Clock clock,
      MeterRegistry metrics) {
    this.users = users;
    this.refreshTokens = refreshTokens;
    this.hasher = hasher;
    this.throttle = throttle;
    this.issuer = issuer;
    this.outbox = outbox;
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * Signs in by username or email. Not one transaction: the slow hash runs outside any database
   * transaction so sign-in bursts do not hold connections.
   */
  public IssuedSession login(String usernameOrEmail, String password, String clientAddress) {
    String identifier = AccountNames.normalizeEmail(usernameOrEmail);
    Optional<User> found =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    identifier.contains("@")
                        ? users.findByEmail(identifier)
                        : users.findByUsername(identifier));
    // Throttle by account, not by the name typed, so username and email share one budget.
    String account = found.map(u -> u.id.toString()).orElse("unknown:" + identifier);
    Duration wait = throttle.admit(account, clientAddress);
    if (!wait.isZero()) {
      metrics.counter("auth_logins", "outcome", "throttled").increment();
      throw ProblemException.retryAfter(
          AuthProblem.TOO_MANY_REQUESTS,
          "Too many failed sign-ins; wait before trying again.",
          wait);
    }
    boolean valid = hasher.verify(password, found.map(u -> u.passwordHash).orElse(null));
    if (!valid) {
      metrics.counter("auth_logins", "outcome", "failed").increment();
      throw new ProblemException(
          AuthProblem.INVALID_CREDENTIALS, "The username or password is wrong.");
    }
    throttle.succeeded(account, clientAddress);
    User user = found.orElseThrow();
    String upgradedHash = hasher.needsRehash(user.passwordHash) ? hasher.hash(password) : null;
    metrics.counter("auth_logins", "outcome", "succeeded").increment();
    return QuarkusTransaction.requiringNew().call(() -> startSession(user.id, upgradedHash));
  }

  /** Starts a session for an account whose owner was proven elsewhere (an identity provider). */
  public IssuedSession startSession(UUID userId) {
    return QuarkusTransaction.requiringNew().call(() -> startSession(userId, null));
  }

  private IssuedSession startSession(UUID userId, String upgradedHash) {
    User user = users.findById(userId);
    if (upgradedHash != null) {
      user.passwordHash = upgradedHash;
      user.updatedAt = clock.instant();
    }
    Instant now = clock.instant();
    return issueTokens(
        user, UUID.randomUUID(), UUID.randomUUID(), now, now.plus(config.refreshTokenLifetime()));
  }

  /**
   * Exchanges a refresh token for a new access token and a new refresh token. A token is used once;
   * a client whose response was lost may retry it once within the grace window, which replaces the
   * successor it never saw. Anything else that presents a used token is reuse (RFC 9700): the whole
   * session ends, the current holder's token included.
   */
  @Transactional(dontRollbackOn = ProblemException.class)
  public IssuedSession refresh(String presentedToken) {
    Instant now = clock.instant();
    RefreshToken token =
        refreshTokens
            .findByHashForUpdate(OpaqueTokens.hash(presentedToken))
            .orElseThrow(SessionService::invalidRefreshToken);
    if (token.supersededAt != null) {
      // Someone held the response the retry called lost: two holders of one session.
      throw reused(token, now);
    }
    if (token.revokedAt != null || !token.expiresAt.isAfter(now)) {
      throw invalidRefreshToken();
    }
    if (token.usedAt != null) {
      boolean withinGrace = !now.isAfter(token.usedAt.plus(config.refreshReuseGrace()));
      Optional<RefreshToken> successor =
          Optional.ofNullable(token.replacedBy).map(refreshTokens::findById);
      boolean successorUnseen =
          successor.map(s -> s.usedAt == null && s.revokedAt == null).orElse(false);
      if (!withinGrace || !successorUnseen || token.retriedAt != null) {
        throw reused(token, now);
      }
      // The one retry after a lost response: the successor the client never saw is replaced.
      successor.get().revokedAt = now;
      successor.get().supersededAt = now;
      token.retriedAt = now;
    } else {
      token.usedAt = now;
    }
    token.replacedBy = UUID.randomUUID();
    return issueTokens(
        users.findById(token.userId), token.replacedBy, token.familyId, now, token.expiresAt);
  }

  private ProblemException reused(RefreshToken token, Instant now) {
    revokeFamily(token, now, "refresh-token-reuse");
    return new ProblemException(
        AuthProblem.REFRESH_TOKEN_REUSED,
        "This refresh token was already used; the session has been signed out.");
  }

  /** The session a live refresh token belongs to. */
  @Transactional
  public Optional<UUID> sessionOf(String presentedToken) {
    return refreshTokens
        .find("tokenHash", OpaqueTokens.hash(presentedToken))
        .firstResultOptional()
        .filter(t -> t.revokedAt == null)
        .map(t -> t.familyId);
  }

  /** The account of a live session, known by its current refresh token. */
  @Transactional
  public Optional<UUID> ownerOf(String presentedToken) {
    Instant now = clock.instant();
    return refreshTokens
        .find("tokenHash", OpaqueTokens.hash(presentedToken))
        .firstResultOptional()
        .filter(t -> t.revokedAt == null && t.usedAt == null && t.expiresAt.isAfter(now))
        .map(t -> t.userId);
  }

  /** Ends the session the refresh token belongs to. Unknown tokens are ignored (idempotent). */
  @Transactional
  public void logout(String presentedToken) {
    refreshTokens
        .findByHashForUpdate(OpaqueTokens.hash(presentedToken))
        .filter(t -> t.revokedAt == null)
        .ifPresent(t -> revokeFamily(t, clock.instant(), "logout"));
  }

  /** Ends one session, known by its id (the provider ended the person's session there). */
  @Transactional(Transactional.TxType.MANDATORY)
  public void endSession(UUID session, UUID userId, String reason) {
    if (refreshTokens.revokeFamily(session, clock.instant()) == 0) {
      return; // already ended
    }
    outbox.enqueue(
        StreamNames.USER_EVENTS,
        EventTypes.USER_SESSIONS_REVOKED,
        userId,
        new SessionsRevoked(userId.toString(), session.toString(), reason));
  }

  /** Ends every session of a user (after a password reset). */
  @Transactional(Transactional.TxType.MANDATORY)
  public void revokeAllSessions(UUID userId, String reason) {
    // One event per session, so every service refuses exactly those sessions' access tokens and a
    // session started right after (sign-in with the new password) is not caught by the revocation.
    List<UUID> sessions = refreshTokens.activeFamiliesOf(userId);
    refreshTokens.revokeAllOfUser(userId, clock.instant());
    for (UUID session : sessions) {
      outbox.enqueue(
          StreamNames.USER_EVENTS,
          EventTypes.USER_SESSIONS_REVOKED,
          userId,
          new SessionsRevoked(userId.toString(), session.toString(), reason));
    }
  }

  private void revokeFamily(RefreshToken token, Instant now, String reason) {
    if (refreshTokens.revokeFamily(token.familyId, now) == 0) {
      return; // already ended: nothing new to tell the other services
    }
    outbox.enqueue(
        StreamNames.USER_EVENTS,
        EventTypes.USER_SESSIONS_REVOKED,
        token.userId,
        new SessionsRevoked(token.userId.toString(), token.familyId.toString(), reason));
  }

  private IssuedSession issueTokens(
      User user, UUID tokenId, UUID familyId, Instant now, Instant familyExpiry) {
    String refresh = OpaqueTokens.newToken();
    RefreshToken row = new RefreshToken();
    row.id = tokenId;
    row.familyId = familyId;
    row.userId = user.id;
    row.tokenHash = OpaqueTokens.hash(refresh);
    row.issuedAt = now;
    row.expiresAt = familyExpiry;
    refreshTokens.persist(row);
    TokenIssuer.AccessToken access = issuer.issue(user, familyId);
    return new IssuedSession(
        access.token(),
        Duration.between(now, access.expiresAt()),
        refresh,
        Duration.between(now, familyExpiry),
        user,
        familyId);
  }

  private static ProblemException invalidRefreshToken() {
    return new ProblemException(
        AuthProblem.INVALID_REFRESH_TOKEN, "The refresh token is unknown, expired or revoked.");
  }
}
