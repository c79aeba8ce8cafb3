package io.cybernetcall.auth.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cybernetcall.auth.client.ProviderClient;
import io.cybernetcall.auth.config.AuthConfig;
import io.cybernetcall.auth.model.ExternalIdentity;
import io.cybernetcall.auth.model.ProviderSession;
import io.cybernetcall.auth.repository.ExternalIdentityRepository;
import io.cybernetcall.auth.repository.ProviderSessionRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Ends the sessions of people whose session at the identity provider ended: an administrator
 * disabled or deleted them, or signed them out there. Keycloak, for one, sends no back-channel
 * logout when a user is disabled, so every {@code auth.sso.check-interval} each provider session
 * asks the provider (introspection of its refresh token) whether it is still active; an inactive
 * one ends the session here, which every service hears ({@code user.sessions-revoked}) and which
 * closes the person's sockets. A provider that does not answer ends nothing: people keep working
 * until their tokens expire. A provider that does send back-channel logouts (a person signed out
 * there, or an administrator ended their sessions) ends the matching sessions at once ({@link
 * #endedAtProvider}). Signing out here hands back what the provider needs to end its own session
 * (RP-initiated logout, {@link #logoutAtProvider}). Off unless {@code auth.sso.client-id} and
 * {@code client-secret} are set.
 */
@ApplicationScoped
public class ProviderSessions {

  private static final Logger LOG = Logger.getLogger(ProviderSessions.class);
  private static final int BATCH = 100;

  private final ProviderSessionRepository repository;
  private final SessionService sessions;
  private final AuthConfig.Sso config;
  private final Clock clock;
  private final MeterRegistry metrics;
  private final ProviderTokenSeal seal;
  private final ProviderClient provider;
  private final ExternalIdentityRepository identities;

  public ProviderSessions(
      ProviderSessionRepository repository,
      SessionService sessions,
      AuthConfig config,
      Clock clock,
      MeterRegistry metrics,
      ObjectMapper json,
      ExternalIdentityRepository identities) {
    this.repository = repository;
    this.identities = identities;
    this.sessions = sessions;
    this.config = config.sso();
    this.clock = clock;
    this.metrics = metrics;
    boolean checked =
        this.config.enabled()
            && this.config.issuer().isPresent()
            && this.config.clientId().isPresent()
            && this.config.clientSecret().isPresent();
    this.seal = checked ? new ProviderTokenSeal(this.config.clientSecret().orElseThrow()) : null;
    this.provider =
        checked
            ? new ProviderClient(
                json,
                this.config.issuer().orElseThrow(),
                this.config.clientId().orElseThrow(),
                this.config.clientSecret().orElseThrow())
            : null;
  }

  /** Whether sessions are checked with the provider at all. */
  public boolean checking() {
    return seal != null;
  }

  /**
   * Remembers a new session's provider refresh token, to be checked from now on, with the ID token
   * and the provider's session id ({@code sid}, may be null) that signing out there takes.
   */
  public void track(UUID session, UUID userId, String issuer, SsoTokens tokens) {
    if (!checking() || tokens.refreshToken() == null || tokens.refreshToken().isBlank()) return;
    Instant now = clock.instant();
    ProviderSession row = new ProviderSession();
    row.familyId = session;
    row.userId = userId;
    row.issuer = issuer;
    row.sealedToken = seal.seal(tokens.refreshToken(), session);
    if (tokens.idToken() != null && !tokens.idToken().isBlank()) {
      row.sealedIdToken = seal.seal(tokens.idToken(), session);
    }
    row.providerSid = tokens.providerSessionId();
    row.createdAt = now;
    row.nextCheckAt = now.plus(config.checkInterval());
    QuarkusTransaction.requiringNew().run(() -> repository.persist(row));
  }

  @Scheduled(
      identity = "provider-session-check",
      every = "${auth.sso.check-interval}",
      delayed = "${auth.sso.check-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void checkDue() {
    if (!checking()) return;
    QuarkusTransaction.requiringNew().run(repository::deleteEnded);
    List<ProviderSession> due =
        QuarkusTransaction.requiringNew().call(() -> repository.due(clock.instant(), BATCH));
    for (ProviderSession session : due) {
      check(session);
    }
  }

  private void check(ProviderSession session) {
    String token;
    try {
      token = seal.open(session.sealedToken, session.familyId);
    } catch (GeneralSecurityException e) {
      // Sealed under another client secret (it was rotated): nothing to ask with. The session
      // lives on as a password session would; it is no longer tied to the provider.
      LOG.warnf("provider session %s cannot be opened; no longer checked", session.familyId);
      QuarkusTransaction.requiringNew().run(() -> repository.deleteById(session.familyId));
      return;
    }
    boolean ended = false;
    try {
      ended = !provider.active(token);
      metrics.counter("auth_sso_session_checks", "outcome", ended ? "ended" : "active").increment();
    } catch (Exception e) {
      // No answer ends nothing: the session is asked about again next time.
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      metrics.counter("auth_sso_session_checks", "outcome", "provider-unreachable").increment();
      LOG.debugf("provider did not answer for session %s: %s", session.familyId, e.getMessage());
    }
    if (ended) {
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                sessions.endSession(session.familyId, session.userId, "provider-ended");
                repository.deleteById(session.familyId);
              });
    } else {
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                ProviderSession row = repository.findById(session.familyId);
                if (row != null) row.nextCheckAt = clock.instant().plus(config.checkInterval());
              });
    }
  }

  /**
   * What the browser takes to the provider to sign out there too (RP-initiated logout): its
   * end-session endpoint and the sign-in's ID token as the hint. Empty for a password session, a
   * session whose ID token was not kept, or a provider without the endpoint or not answering (the
   * person is signed out here all the same).
   */
  public Optional<ProviderLogout> logoutAtProvider(UUID session) {
    if (!checking()) return Optional.empty();
    ProviderSession row =
        QuarkusTransaction.requiringNew().call(() -> repository.findById(session));
    if (row == null || row.sealedIdToken == null) return Optional.empty();
    try {
      String idToken = seal.open(row.sealedIdToken, session);
      return provider
          .endSessionEndpoint()
          .map(endpoint -> new ProviderLogout(endpoint.toString(), idToken));
    } catch (GeneralSecurityException e) {
      return Optional.empty();
    } catch (Exception e) {
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      LOG.debugf("no end-session endpoint from the provider: %s", e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The provider says a person's session there ended (its back-channel logout, already verified):
   * the sessions started from it end here. With a provider session id ({@code sid}), exactly those;
   * without one, every SSO session of the identity ({@code iss}, {@code sub}). Returns how many
   * ended.
   */
  public int endedAtProvider(String issuer, String subject, String providerSessionId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              List<ProviderSession> ended;
              if (providerSessionId != null) {
                ended = repository.bySid(issuer, providerSessionId);
              } else {
                ended =
                    identities
                        .findByIdOptional(new ExternalIdentity.Key(issuer, subject))
                        .map(identity -> repository.ofUser(issuer, identity.userId))
                        .orElse(List.of());
              }
              for (ProviderSession session : ended) {
                sessions.endSession(session.familyId, session.userId, "provider-ended");
                repository.delete(session);
              }
              metrics.counter("auth_sso_back_channel_logouts").increment(ended.size());
              return ended.size();
            });
  }
}
