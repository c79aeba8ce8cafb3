package io.cybernetcall.webui;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.List;

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
    GatewayConfig.BodyLimits limits = config.maxBodySize();
    List<Upstream> upstreams =
        List.of(
            new Upstream(
                config.authUrl(),
                limits.auth().asLongValue(),
                List.of("/api/auth", "/api/users", "/api/contacts", "/api/keys", "/.well-known")),
            new Upstream(
                config.signalingUrl(),
                limits.signaling().asLongValue(),
                List.of("/ws/signal", "/api/signals", "/api/welcome")),
            new Upstream(
                config.signalStoreUrl(), limits.signalStore().asLongValue(), List.of("/api/inbox")),
            new Upstream(
                config.notificationUrl(),
                limits.notification().asLongValue(),
                List.of("/api/notifications")));
    for (Upstream upstream : upstreams) {
      HttpProxy proxy = proxyTo(upstream.origin());
      Handler<RoutingContext> forward =
          context -> {
            if (declaresBodyOver(context.request(), upstream.maxBodySize())) {
              refuseTooLarge(context, upstream.maxBodySize());
            } else {
              proxy.handle(context.request());
            }
          };
      for (String path : upstream.paths()) {
        router.route(path).order(-100).handler(forward);
        router.route(path + "/*").order(-100).handler(forward);
      }
    }
  }

  private static boolean declaresBodyOver(HttpServerRequest request, long limit) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length == null) {
      return false;
    }
    try {
      return Long.parseLong(length.trim()) > limit;
    } catch (NumberFormatException malformed) {
      return false; // the service's HTTP layer refuses it with 400
    }
  }

  /**
   * Answers before the body is read, then reads and drops the body (the web-ui's own limit bounds
   * it) so the connection stays usable and the client is not reset while still sending.
   */
  private static void refuseTooLarge(RoutingContext context, long limit) {
    HttpServerRequest request = context.request();
    request.handler(ignored -> {});
    request.resume();
    SessionRoutes.problem(
        context,
        413,
        "payload-too-large",
        "The request body is over the " + limit + " bytes this endpoint accepts.");
  }

  private record Upstream(URI origin, long maxBodySize, List<String> paths) {}

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
