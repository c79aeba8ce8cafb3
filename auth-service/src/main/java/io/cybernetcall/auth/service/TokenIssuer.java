package io.cybernetcall.auth.service;

import io.cybernetcall.auth.config.AuthConfig;
import io.cybernetcall.auth.model.User;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Mints access tokens (RFC 9068 style JWTs): RS256 with a kid, {@code typ: at+jwt}, issuer,
 * audience, subject (the user id), session id ({@code sid}) and a short lifetime.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class TokenIssuer {

  /** An access token and when it expires. */
  public record AccessToken(String token, Instant expiresAt) {}

  private final SigningKeyRing keys;
  private final AuthConfig config;
  private final Clock clock;

  /** Access tokens cannot be revoked, so their lifetime is capped whatever the configuration. */
  static final Duration MAX_ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(15);

  public TokenIssuer(SigningKeyRing keys, AuthConfig config, Clock clock) {
    if (config.accessTokenLifetime().compareTo(MAX_ACCESS_TOKEN_LIFETIME) > 0
        || config.accessTokenLifetime().isNegative()
        || config.accessTokenLifetime().isZero()) {
      throw new IllegalStateException(
          "auth.access-token-lifetime must be positive and at most 15 minutes, was "
              + config.accessTokenLifetime());
    }
    this.keys = keys;
    this.config = config;
    this.clock = clock;
  }

  public AccessToken issue(User user, UUID sessionId) {
    Instant now = clock.instant();
    Instant expiresAt = now.plus(config.accessTokenLifetime());
    SigningKeyRing.SigningKey key = keys.active();
    String token =
        Jwt.issuer(config.issuer())
            .audience(config.audience())
            .subject(user.id.toString())
            .issuedAt(now)
            .expiresAt(expiresAt)
            .claim("jti", UUID.randomUUID().toString())
            .claim("sid", sessionId.toString())
            .claim("preferred_username", user.username)
            .claim("name", user.displayName)
            .claim("email_verified", user.emailVerified)
            .jws()
            .keyId(key.kid())
            .algorithm(SignatureAlgorithm.RS256)
            .header("typ", "at+jwt")
            .sign(key.privateKey());
    return new AccessToken(token, expiresAt);
  }
}
