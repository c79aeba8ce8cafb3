package io.cybernetcall.platform.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Refuses a verified access token whose session has ended, wherever a token is checked: every REST
 * endpoint and the WebSocket upgrade of every service. It runs after quarkus-oidc has verified the
 * token, on the claims it verified.
 */
@ApplicationScoped
public class RevokedSessionCheck implements SecurityIdentityAugmentor {

  private final SessionRevocations revocations;

  public RevokedSessionCheck(SessionRevocations revocations) {
    this.revocations = revocations;
  }

  @Override
  public Uni<SecurityIdentity> augment(
      SecurityIdentity identity, AuthenticationRequestContext context) {
    if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
      return Uni.createFrom().item(identity);
    }
    Instant issuedAt =
        token.getIssuedAtTime() > 0 ? Instant.ofEpochSecond(token.getIssuedAtTime()) : null;
    String sessionId = token.getClaim("sid") == null ? null : token.getClaim("sid").toString();
    if (revocations.isRevoked(token.getSubject(), sessionId, issuedAt)) {
      return Uni.createFrom()
          .failure(new AuthenticationFailedException("The session of this token has ended."));
    }
    return Uni.createFrom().item(identity);
  }
}
