package io.cybernetcall.webui;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;

/** The gateway's one HTTP client to auth-service, for the session routes (password and SSO). */
@ApplicationScoped
public class AuthServiceClient {

  private final HttpClient http;

  public AuthServiceClient(Vertx vertx, GatewayConfig config) {
    URI auth = config.authUrl();
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setDefaultHost(auth.getHost())
                .setDefaultPort(auth.getPort() > 0 ? auth.getPort() : 80)
                .setConnectTimeout(2000)
                .setMaxPoolSize(16));
  }

  HttpClient http() {
    return http;
  }
}
