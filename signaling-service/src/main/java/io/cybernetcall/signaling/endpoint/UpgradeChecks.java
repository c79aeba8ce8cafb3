package io.cybernetcall.signaling.endpoint;

import io.cybernetcall.contracts.web.OriginPolicy;
import io.cybernetcall.signaling.config.SignalingConfig;
import io.cybernetcall.signaling.presence.SessionRegistry;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Refuses a WebSocket upgrade before it happens: a browser page from a foreign origin gets 403
 * (cross-site WebSocket hijacking), a user already at the connection cap gets 429. The token itself
 * is checked by quarkus-oidc at the same upgrade (401).
 *
 * <p>An upgrade that passes loses its {@code Authorization} header (where quarkus-oidc found the
 * token, from the header or the subprotocol). The socket keeps the upgrade's headers for its life,
 * in Vert.x's request and in websockets-next's copy of them; by now the token is in the socket's
 * identity, so a second copy would only take memory on every idle socket and be one more place the
 * token could leak from (a heap dump, a handshake logged by a later change).
 */
@ApplicationScoped
public class UpgradeChecks implements HttpUpgradeCheck {

  private final OriginPolicy origins;
  private final int maxConnectionsPerUser;
  private final SessionRegistry registry;

  public UpgradeChecks(SignalingConfig config, SessionRegistry registry) {
    this.origins = new OriginPolicy(config.allowedOrigins(), config.allowLocalOrigins());
    this.maxConnectionsPerUser = config.maxConnectionsPerUser();
    this.registry = registry;
  }

  @Override
  public Uni<CheckResult> perform(HttpUpgradeContext context) {
    String origin = context.httpRequest().getHeader("Origin");
    if (origin != null && !origins.allows(origin)) {
      return CheckResult.rejectUpgrade(403);
    }
    return context
        .securityIdentity()
        .flatMap(
            identity -> {
              if (identity == null || identity.isAnonymous()) {
                // The HTTP permission on /ws/signal (application.properties) answers 401.
                return CheckResult.permitUpgrade();
              }
              return registry
                  .count(identity.getPrincipal().getName())
                  .flatMap(
                      open -> {
                        if (open >= maxConnectionsPerUser) {
                          return CheckResult.rejectUpgrade(429);
                        }
                        context.httpRequest().headers().remove(HttpHeaders.AUTHORIZATION);
                        return CheckResult.permitUpgrade();
                      });
            });
  }
}
