package io.cybernetcall.auth.health;

import io.cybernetcall.auth.config.AuthConfig;
import io.cybernetcall.contracts.web.IdentityProviderProbe;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Names the identity provider this service signs people in through and checks its sessions with,
 * and whether it answers, as data: always UP (see {@link IdentityProviderProbe}).
 */
@Readiness
@ApplicationScoped
public class IdentityProviderReadiness implements AsyncHealthCheck {

  private final IdentityProviderProbe probe;

  public IdentityProviderReadiness(AuthConfig config) {
    this.probe =
        config.sso().enabled() && config.sso().issuer().isPresent()
            ? new IdentityProviderProbe(config.sso().issuer().get())
            : null;
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named("identity-provider").up();
    if (probe == null) {
      return Uni.createFrom().item(response.withData("configured", false).build());
    }
    return Uni.createFrom()
        .completionStage(probe.report())
        .map(
            data -> {
              data.forEach(
                  (key, value) -> {
                    if (value instanceof Boolean flag) response.withData(key, flag);
                    else response.withData(key, String.valueOf(value));
                  });
              return response.build();
            });
  }
}
