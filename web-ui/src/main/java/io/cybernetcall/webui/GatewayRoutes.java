package io.cybernetcall.webui;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.ext.web.Router;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Routes {@code /api/...}, {@code /.well-known/...} and {@code /ws/...} to the service that owns
 * the prefix, streaming bodies and WebSocket upgrades (the bearer-token subprotocol and the Origin
 * header pass through unchanged, so every service still authenticates and checks the Origin
 * itself). Everything else is the static client.
 */
@ApplicationScoped
public class GatewayRoutes {

  /** Paths that emailed links open; the client reads the token from the query string. */
  static final List<String> CLIENT_PAGES = List.of("/verify-email", "/reset-password");

  private final Vertx vertx;
  private final GatewayConfig config;

  public GatewayRoutes(Vertx vertx, GatewayConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  void install(@Observes Router router) {
    Map<URI, List<String>> prefixes =
        Map.of(
            config.authUrl(),
                List.of("/api/auth", "/api/users", "/api/contacts", "/api/keys", "/.well-known"),
            config.signalingUrl(), List.of("/ws/signal", "/api/signals", "/api/welcome"),
            config.signalStoreUrl(), List.of("/api/inbox"),
            config.notificationUrl(), List.of("/api/notifications"));
    prefixes.forEach(
        (origin, paths) -> {
          HttpProxy proxy = proxyTo(origin);
          for (String path : paths) {
            router.route(path).order(-100).handler(context -> proxy.handle(context.request()));
            router
                .route(path + "/*")
                .order(-100)
                .handler(context -> proxy.handle(context.request()));
          }
        });
  }

  /** The pages that emailed links open are views of the one-page client. */
  void installPages(@Observes Router router) {
    for (String page : CLIENT_PAGES) {
      router.get(page).order(-100).handler(context -> context.reroute("/index.html"));
    }
    // Vert.x has no mime type for the PWA manifest; browsers expect this one.
    router
        .get("/manifest.webmanifest")
        .order(-100)
        .handler(
            context -> {
              context.response().putHeader("Content-Type", "application/manifest+json");
              context.next();
            });
  }

  private HttpProxy proxyTo(URI origin) {
    HttpClient client =
        vertx.createHttpClient(
            new HttpClientOptions().setMaxPoolSize(64).setKeepAlive(true).setConnectTimeout(2000));
    int port = origin.getPort() > 0 ? origin.getPort() : 80;
    return HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(true), client)
        .origin(port, origin.getHost());
  }
}
