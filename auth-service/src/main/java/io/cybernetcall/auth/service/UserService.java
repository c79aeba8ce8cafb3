package io.cybernetcall.auth.service;

import io.cybernetcall.auth.config.AuthConfig;
import io.cybernetcall.auth.model.ExternalIdentity;
import io.cybernetcall.auth.model.OneTimeToken;
import io.cybernetcall.auth.model.User;
import io.cybernetcall.auth.repository.ExternalIdentityRepository;
import io.cybernetcall.auth.repository.OneTimeTokenRepository;
import io.cybernetcall.auth.repository.UserRepository;
import io.cybernetcall.contracts.events.EmailVerificationRequested;
import io.cybernetcall.contracts.events.EventTypes;
import io.cybernetcall.contracts.events.PasswordResetRequested;
import io.cybernetcall.contracts.events.StreamNames;
import io.cybernetcall.contracts.events.UserRegistered;
import io.cybernetcall.platform.problem.CommonProblem;
import io.cybernetcall.platform.problem.Problem;
import io.cybernetcall.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Accounts: registration, email verification and password reset. */
@ApplicationScoped
public class UserService {

  private final UserRepository users;
  private final ExternalIdentityRepository externalIdentities;
  private final OneTimeTokenRepository oneTimeTokens;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final SessionService sessions;
  private final OutboxService outbox;
  private final RateLimiter rateLimiter;
  private final AuthConfig config;
  private final Clock clock;

  public UserService(
      UserRepository users,
      ExternalIdentityRepository externalIdentities,
      OneTimeTokenRepository oneTimeTokens,
      PasswordHasher hasher,
      PasswordPolicy policy,
      SessionService sessions,
      OutboxService outbox,
      RateLimiter rateLimiter,
      AuthConfig config,
      Clock clock) {
    this.users = users;
    this.externalIdentities = externalIdentities;
    this.oneTimeTokens = oneTimeTokens;
    this.hasher = hasher;
    this.policy = policy;
    this.sessions = sessions;
    this.outbox = outbox;
    this.rateLimiter = rateLimiter;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Creates an account and asks for its email to be verified. The password is hashed before the
   * transaction opens, so the slow part holds no database connection.
   */
  public User register(NewAccount request) {
    String username = AccountNames.normalizeUsername(request.username());
    String email = AccountNames.normalizeEmail(request.email());
    policy.check(request.password(), username, email);
    rejectTaken(username, email);
    String passwordHash = hasher.hash(request.password());
    try {
      return QuarkusTransaction.requiringNew()
          .call(
              () -> createUser(username, email, request.displayName().trim(), passwordHash, false));
    } catch (PersistenceException e) {
      // Lost a race with a concurrent registration of the same name: report it like the check.
      rejectTaken(username, email);
      throw e;
    }
  }

  private void rejectTaken(String username, String email) {
    boolean[] taken =
        QuarkusTransaction.requiringNew()
            .call(() -> new boolean[] {users.usernameExists(username), users.emailExists(email)});
    if (taken[0]) {
      throw new ProblemException(
          AuthProblem.USERNAME_TAKEN,
          "That username is already taken.",
          List.of(new Problem.FieldError("username", "is already taken")));
    }
    if (taken[1]) {
      throw new ProblemException(
          AuthProblem.EMAIL_TAKEN,
          "An account with that email address already exists.",
          List.of(new Problem.FieldError("email", "is already registered")));
    }
  }

  /**
   * Creates the account of an identity seen for the first time at the provider, linked to it in the
   * same transaction. Its email must be new here: an existing account is never taken over by a
   * provider asserting its address (linking one needs its owner to sign in to it). The username is
   * the first free one of {@link ExternalAccountNames}.
   */
  public User provisionExternal(ExternalProfile profile) {
    String email = AccountNames.normalizeEmail(profile.email());
    boolean emailTaken = QuarkusTransaction.requiringNew().call(() -> users.emailExists(email));
    if (emailTaken) {
      throw new ProblemException(
          AuthProblem.ACCOUNT_EXISTS,
          "An account with this email address already exists here. Sign in to it with its"
              + " password and join your provider's account to it in Settings; it is never"
              + " joined automatically.");
    }
    String username =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    ExternalAccountNames.candidates(
                            profile.username(), profile.issuer(), profile.subject())
                        .filter(candidate -> !users.usernameExists(candidate))
                        .findFirst()
                        .orElseThrow(
                            () ->
                                new ProblemException(
                                    AuthProblem.USERNAME_TAKEN,
                                    "No free username could be made from the provider's.")));
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              User user =
                  createUser(username, email, profile.displayName(), null, profile.emailVerified());
              ExternalIdentity identity = new ExternalIdentity();
              identity.key = new ExternalIdentity.Key(profile.issuer(), profile.subject());
              identity.userId = user.id;
              identity.createdAt = user.createdAt;
              externalIdentities.persistAndFlush(identity);
              return user;
            });
  }

  /**
   * Joins an identity at a provider to an existing account whose owner proved they hold it (a live
   * session of it: they signed in to it). From then on that identity signs in to this account. An
   * identity already joined to an account, or an account already joined to another identity of the
   * same provider, is refused: joining never moves an identity between accounts.
   */
  @Transactional
  public void link(UUID userId, String issuer, String subject) {
    Optional<UUID> current = accountOf(issuer, subject);
    if (current.isPresent()) {
      if (current.get().equals(userId)) return; // already joined: nothing to do
      throw new ProblemException(
          AuthProblem.IDENTITY_LINKED,
          "This provider account already signs in to another account here.");
    }
    if (externalIdentities.count("key.issuer = ?1 and userId = ?2", issuer, userId) > 0) {
      throw new ProblemException(
          AuthProblem.IDENTITY_LINKED,
          "This account is already joined to another account at the provider.");
    }
    ExternalIdentity identity = new ExternalIdentity();
    identity.key = new ExternalIdentity.Key(issuer, subject);
    identity.userId = userId;
    identity.createdAt = clock.instant();
    externalIdentities.persistAndFlush(identity);
  }

  /** The account an identity at a provider signs in to, if it has one here. */
  @Transactional
  public Optional<UUID> accountOf(String issuer, String subject) {
    return externalIdentities
        .findByIdOptional(new ExternalIdentity.Key(issuer, subject))
        .map(identity -> identity.userId);
  }

  private User createUser(
      String username, String email, String displayName, String hash, boolean emailVerified) {
    Instant now = clock.instant();
    User user = new User();
    user.id = UUID.randomUUID();
    user.username = username;
    user.email = email;
    user.displayName = displayName;
    user.passwordHash = hash;
    user.emailVerified = emailVerified;
    user.createdAt = now;
    user.updatedAt = now;
    users.persistAndFlush(user);
    outbox.enqueue(
        StreamNames.USER_EVENTS,
        EventTypes.USER_REGISTERED,
        user.id,
        new UserRegistered(user.id.toString(), username, email, displayName));
    if (!emailVerified) requestVerification(user);
    return user;
  }

  @Transactional
  public User me(UUID userId) {
    User user = users.findById(userId);
    if (user == null) {
      // A valid token for a deleted account.
      throw new ProblemException(CommonProblem.NOT_FOUND, "This account no longer exists.");
    }
    return user;
  }

  /** Sends a fresh verification email; the previous link stops working. */
  @Transactional
  public void resendVerification(UUID userId) {
    rateLimiter.hitOrThrow("verification-resend", userId.toString(), 5, Duration.ofHours(1));
    User user = users.findById(userId);
    if (user == null) {
      throw new ProblemException(CommonProblem.NOT_FOUND, "This account no longer exists.");
    }
    if (user.emailVerified) {
      throw new ProblemException(AuthProblem.CONFLICT, "The email address is already verified.");
    }
    requestVerification(user);
  }

  @Transactional
  public void verifyEmail(String token) {
    OneTimeToken used = consume(token, OneTimeToken.Purpose.EMAIL_VERIFICATION);
    User user = users.findById(used.userId);
    user.emailVerified = true;
    user.updatedAt = clock.instant();
  }

  /**
   * Emails a reset link if an account has this address. The answer never says whether one does, and
   * repeated requests for one address are silently capped so nobody can mail-bomb it.
   */
  @Transactional
  public void requestPasswordReset(String email) {
    String normalized = AccountNames.normalizeEmail(email);
    users
        .findByEmail(normalized)
        // An account from an identity provider has no password to reset: setting one would open
        // a way in that bypasses the provider.
        .filter(user -> user.passwordHash != null)
        .filter(
            user ->
                rateLimiter.tryHit(
                    "password-reset",
                    user.id.toString(),
                    config.throttle().resetRequestsPerWindow(),
                    config.throttle().window()))
        .ifPresent(this::requestReset);
  }

  /** Sets a new password with an emailed token and signs out every session of the account. */
  public void confirmPasswordReset(String token, String newPassword) {
    UUID userId =
        QuarkusTransaction.requiringNew()
            .call(() -> peek(token, OneTimeToken.Purpose.PASSWORD_RESET));
    User current = QuarkusTransaction.requiringNew().call(() -> users.findById(userId));
    policy.check(newPassword, current.username, current.email);
    String hash = hasher.hash(newPassword);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              OneTimeToken used = consume(token, OneTimeToken.Purpose.PASSWORD_RESET);
              User user = users.findById(used.userId);
              user.passwordHash = hash;
              user.updatedAt = clock.instant();
              sessions.revokeAllSessions(user.id, "password-reset");
            });
  }

  private void requestVerification(User user) {
    sendEmailToken(
        user,
        OneTimeToken.Purpose.EMAIL_VERIFICATION,
        config.emailVerificationLifetime(),
        EventTypes.USER_EMAIL_VERIFICATION_REQUESTED,
        EmailVerificationRequested::new);
  }

  private void requestReset(User user) {
    sendEmailToken(
        user,
        OneTimeToken.Purpose.PASSWORD_RESET,
        config.passwordResetLifetime(),
        EventTypes.USER_PASSWORD_RESET_REQUESTED,
        PasswordResetRequested::new);
  }

  /** The payload of an event that asks for a single-use link to be mailed. */
  @FunctionalInterface
  private interface EmailTokenEvent {
    Object of(String userId, String email, String displayName, String token, String expiresAt);
  }

  /**
   * Stores a new single-use token (superseding the user's unused ones of that purpose) and asks,
   * through the outbox, for it to be mailed.
   */
  private void sendEmailToken(
      User user,
      OneTimeToken.Purpose purpose,
      Duration lifetime,
      String eventType,
      EmailTokenEvent event) {
    Instant now = clock.instant();
    oneTimeTokens.invalidateUnused(user.id, purpose, now);
    String token = OpaqueTokens.newToken();
    OneTimeToken row = new OneTimeToken();
    row.id = UUID.randomUUID();
    row.userId = user.id;
    row.purpose = purpose;
    row.tokenHash = OpaqueTokens.hash(token);
    row.createdAt = now;
    row.expiresAt = now.plus(lifetime);
    oneTimeTokens.persist(row);
    outbox.enqueue(
        StreamNames.USER_EVENTS,
        eventType,
        user.id,
        event.of(
            user.id.toString(), user.email, user.displayName, token, row.expiresAt.toString()));
  }

  /** Validates a token without spending it; returns its user. */
  private UUID peek(String token, OneTimeToken.Purpose purpose) {
    return usable(token, purpose).userId;
  }

  private OneTimeToken consume(String token, OneTimeToken.Purpose purpose) {
    OneTimeToken row = usable(token, purpose);
    row.usedAt = clock.instant();
    return row;
  }

  private OneTimeToken usable(String token, OneTimeToken.Purpose purpose) {
    return oneTimeTokens
        .findByHashForUpdate(OpaqueTokens.hash(token))
        .filter(t -> t.purpose == purpose)
        .filter(t -> t.usedAt == null)
        .filter(t -> t.expiresAt.isAfter(clock.instant()))
        .orElseThrow(
            () ->
                new ProblemException(
                    AuthProblem.INVALID_TOKEN,
                    "This link is invalid, expired or has already been used."));
  }
}
