package io.cybernetcall.auth.service;

import io.cybernetcall.auth.config.AuthConfig;
import io.cybernetcall.platform.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;
import jakarta.persistence.PersistenceException;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Sign-in through the configured identity provider: its access token, already verified by
 * quarkus-oidc (signature, {@code iss}, {@code aud}, expiry), is exchanged for a Cybernet Call
 * session. The identity is the token's issuer and subject; its first sign-in provisions an account.
 */
@ApplicationScoped
public class SsoService {

  private static final int MAX_DISPLAY_NAME = 64;

  private final UserService users;
  private final SessionService sessions;
  private final ProviderSessions providerSessions;
  private final AuthConfig.Sso config;
  private final MeterRegistry metrics;

  public SsoService(
      UserService users,
      SessionService sessions,
      ProviderSessions providerSessions,
      AuthConfig config,
      MeterRegistry metrics) {
    this.users = users;
    this.sessions = sessions;
    this.providerSessions = providerSessions;
    this.config = config.sso();
    this.metrics = metrics;
  }

  /**
   * A session for the person the provider's access token names. The sign-in's other tokens are
   * kept, sealed, to ask the provider later whether the person's session there still lives and to
   * sign them out there when they sign out here; its {@code sid} claim names that session in the
   * provider's back-channel logouts.
   */
  public IssuedSession signIn(JsonWebToken providerToken, SsoTokens tokens) {
    String issuer = providerToken.getIssuer();
    String subject = providerToken.getSubject();
    UUID userId = users.accountOf(issuer, subject).orElse(null);
    String outcome = "returning";
    if (userId == null) {
      try {
        userId = users.provisionExternal(profileOf(providerToken)).id;
        outcome = "provisioned";
      } catch (PersistenceException e) {
        // A concurrent first sign-in of the same identity won the race: use its account.
        userId = users.accountOf(issuer, subject).orElseThrow(() -> e);
      }
    }
    metrics.counter("auth_sso_sign_ins", "outcome", outcome).increment();
    IssuedSession session = sessions.startSession(userId);
    providerSessions.track(
        session.sessionId(),
        userId,
        issuer,
        new SsoTokens(tokens.refreshToken(), tokens.idToken(), claim(providerToken, "sid")));
    return session;
  }

  private ExternalProfile profileOf(JsonWebToken token) {
    String email = claim(token, config.emailClaim());
    if (email == null || !email.contains("@")) {
      throw new ProblemException(
          AuthProblem.SSO_CLAIM_MISSING,
          "The provider did not say this account's email address (claim '"
              + config.emailClaim()
              + "'); ask its administrator to release it to Cybernet Call.");
    }
    String username = claim(token, config.usernameClaim());
    String displayName = claim(token, config.displayNameClaim());
    displayName = displayName == null ? null : displayName.replaceAll("\\p{Cntrl}", "").trim();
    if (displayName == null || displayName.isEmpty()) displayName = username;
    if (displayName == null || displayName.isEmpty()) displayName = email.split("@")[0];
    if (displayName.length() > MAX_DISPLAY_NAME) {
      displayName = displayName.substring(0, MAX_DISPLAY_NAME);
    }
    Object verified = token.getClaim("email_verified");
    return new ExternalProfile(
        token.getIssuer(),
        token.getSubject(),
        username,
        displayName,
        email,
        // A Boolean or a JSON true: both read "true".
        "true".equals(String.valueOf(verified)));
  }

  private static String claim(JsonWebToken token, String name) {
    Object value = token.getClaim(name);
    if (value == null) return null;
    String text = value instanceof JsonString json ? json.getString() : value.toString();
    return text.isBlank() ? null : text;
  }

  /**
   * Joins the provider identity the access token names to the account of a live session here: the
   * person proved both, by signing in at the provider and to this account. Counted by outcome.
   */
  public void link(JsonWebToken providerToken, String sessionRefreshToken) {
    UUID userId =
        sessions
            .ownerOf(sessionRefreshToken)
            .orElseThrow(
                () ->
                    new ProblemException(
                        AuthProblem.INVALID_REFRESH_TOKEN,
                        "Sign in to the account first; joining needs its session."));
    users.link(userId, providerToken.getIssuer(), providerToken.getSubject());
    metrics.counter("auth_sso_links").increment();
  }
}
