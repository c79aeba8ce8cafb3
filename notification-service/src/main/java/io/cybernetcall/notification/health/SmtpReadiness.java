package io.cybernetcall.notification.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.net.NetClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.net.NetClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports whether the SMTP server accepts connections, as data: always UP. An SMTP outage does not
 * make this service unready — events are still recorded and emails wait to be retried.
 */
@Readiness
@ApplicationScoped
public class SmtpReadiness implements AsyncHealthCheck {

  private final NetClient client;
  private final String host;
  private final int port;

  public SmtpReadiness(
      Vertx vertx,
      @ConfigProperty(name = "quarkus.mailer.host", defaultValue = "localhost") String host,
      @ConfigProperty(name = "quarkus.mailer.port", defaultValue = "25") int port) {
    this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(1000));
    this.host = host;
    this.port = port;
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    return client
        .connect(port, host)
        .call(socket -> socket.close())
        .map(socket -> true)
        .onFailure()
        .recoverWithItem(false)
        .map(
            reachable ->
                HealthCheckResponse.named("smtp")
                    .up()
                    .withData("server", host + ":" + port)
                    .withData("reachable", reachable)
                    .withData("note", reachable ? "ok" : "unreachable; emails wait and retry")
                    .build());
  }
}
