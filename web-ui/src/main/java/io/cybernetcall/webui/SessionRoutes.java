package io.cybernetcall.webui;

import io.cybernetcall.contracts.web.OriginPolicy;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Keeps the browser's session across reloads without any script ever seeing the refresh token:
 * {@code /session/login} and {@code /session/refresh} call auth-service, put the (rotated) refresh
 * token into an HttpOnly, SameSite=Strict cookie scoped to {@code /session}, and hand the page only
 * the short-lived access token, which it keeps in memory. Cross-site requests are refused by the
 * Origin allowlist on top of SameSite.
 */
@ApplicationScoped
public class SessionRoutes {

  static final String COOKIE = SessionCookie.NAME;
  private static final String COOKIE_PATH = SessionCookie.PATH;
  private static final String PROBLEM = "application/problem+json";

  private final GatewayConfig config;
  private final OriginPolicy origins;
  private final HttpClient authClient;

  public SessionRoutes(GatewayConfig config, AuthServiceClient auth) {
    this.config = config;
    this.origins = new OriginPolicy(config.allowedOrigins(), config.allowLocalOrigins());
    this.authClient = auth.http();
  }

  void install(@Observes Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(16 * 1024);
    router.post(COOKIE_PATH + "/*").order(-200).handler(this::refuseForeignOrigins);
    router.post(COOKIE_PATH + "/login").order(-199).handler(body).handler(this::login);
    router.post(COOKIE_PATH + "/refresh").order(-199).handler(this::refresh);
    router.post(COOKIE_PATH + "/logout").order(-199).handler(this::logout);
  }

  /**
   * A page opened at an address the installation does not serve gets a refusal that names the
   * address it does serve ({@code publicUrl}), so the client can send the person there before any
   * account is created.
   */
  private void refuseForeignOrigins(RoutingContext context) {
    String origin = context.request().getHeader("Origin");
    if (!origins.allows(origin)) {
      JsonObject refusal =
          problemBody(
              403,
              "forbidden-origin",
              "This address may not use the session; open the app at its own.");
      origins.publicOrigin().ifPresent(publicUrl -> refusal.put("publicUrl", publicUrl));
      send(context, 403, refusal);
      return;
    }
    context.next();
  }

  /**
   * Passes the credentials to auth-service byte for byte: auth-service parses them strictly (one
   * JSON object, no duplicate keys, known fields) and its problem answer is relayed, so the rules
   * live in one place. A body that does not say it is JSON is refused here: a browser sends such a
   * request cross-site without a CORS preflight.
   */
  private void login(RoutingContext context) {
    String contentType = context.request().getHeader("Content-Type");
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      problem(context, 415, "unsupported-media-type", "Send the credentials as application/json.");
      return;
    }
    Buffer credentials = context.body().buffer();
    exchange(context, "/api/auth/login", credentials == null ? Buffer.buffer() : credentials);
  }

  private void refresh(RoutingContext context) {
    Cookie cookie = context.request().getCookie(COOKIE);
    if (cookie == null || cookie.getValue().isBlank()) {
      problem(context, 401, "no-session", "Not signed in.");
      return;
    }
    exchange(
        context,
        "/api/auth/refresh",
        new JsonObject().put("refreshToken", cookie.getValue()).toBuffer());
  }

  /**
   * Ends the session here. A session started at the identity provider also gets where the browser
   * goes to end the provider's session (OpenID Connect RP-Initiated Logout): 200 with {@code
   * continueAt}, the provider's end-session endpoint with the sign-in's ID token as the hint, this
   * client's id and the page's own origin to come back to. Any other session: 204.
   */
  private void logout(RoutingContext context) {
    Cookie cookie = context.request().getCookie(COOKIE);
    Future<Buffer> revoked =
        cookie == null
            ? Future.succeededFuture(Buffer.buffer())
            : post(
                    "/api/auth/logout",
                    new JsonObject().put("refreshToken", cookie.getValue()).toBuffer())
                .compose(HttpClientResponse::body);
    revoked.onComplete(
        done -> {
          if (done.failed()) {
            problem(context, 502, "unavailable", "auth-service did not answer; try again.");
            return;
          }
          expireCookie(context);
          String continueAt =
              providerLogoutUrl(done.result(), context.request().getHeader("Origin"));
          if (continueAt == null) {
            context.response().setStatusCode(204).end();
          } else {
            context
                .response()
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(new JsonObject().put("continueAt", continueAt).toBuffer());
          }
        });
  }

  private String providerLogoutUrl(Buffer answer, String origin) {
    if (answer.length() == 0 || origin == null || !config.sso().enabled()) return null;
    JsonObject logout;
    try {
      logout = answer.toJsonObject().getJsonObject("providerLogout");
    } catch (RuntimeException e) {
      return null;
    }
    if (logout == null) return null;
    String endpoint = logout.getString("endSessionEndpoint");
    return endpoint
        + (endpoint.contains("?") ? "&" : "?")
        + "id_token_hint="
        + form(logout.getString("idTokenHint"))
        + "&client_id="
        + form(config.sso().clientId())
        + "&post_logout_redirect_uri="
        + form(origin + "/");
  }

  private static String form(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** Calls auth-service; on success moves the refresh token from the JSON body into the cookie. */
  private void exchange(RoutingContext context, String path, Buffer body) {
    post(path, body)
        .compose(response -> response.body().map(content -> new Answer(response, content)))
        .onSuccess(answer -> relay(context, answer))
        .onFailure(
            failure ->
                problem(context, 502, "unavailable", "auth-service did not answer; try again."));
  }

  private void relay(RoutingContext context, Answer answer) {
    var response = context.response().setStatusCode(answer.response.statusCode());
    if (answer.response.statusCode() != 200) {
      if (answer.response.statusCode() == 401) {
        expireCookie(context);
      }
      copyHeader(answer.response, response, "Content-Type");
      copyHeader(answer.response, response, "Retry-After");
      response.end(answer.body);
      return;
    }
    JsonObject tokens = answer.body.toJsonObject();
    String refreshToken = (String) tokens.remove("refreshToken");
    Number lifetime = (Number) tokens.remove("refreshExpiresIn");
    Cookie cookie =
        SessionCookie.of(
            refreshToken, lifetime == null ? 0 : lifetime.longValue(), secureCookie(context));
    context.response().addCookie(cookie);
    response
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(tokens.toBuffer());
  }

  private void expireCookie(RoutingContext context) {
    context.response().addCookie(SessionCookie.expired(secureCookie(context)));
  }

  /**
   * {@code Secure} unless configured off, or the page is on plain http at a LAN address (allowed in
   * development), where a browser would drop a {@code Secure} cookie and lose the session.
   */
  private boolean secureCookie(RoutingContext context) {
    return config.secureCookie()
        && OriginPolicy.keepsSecureCookies(context.request().getHeader("Origin"));
  }

  private Future<HttpClientResponse> post(String path, Buffer body) {
    return authClient
        .request(
            new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setURI(path)
                .putHeader("Content-Type", "application/json")
                .setTimeout(10_000))
        .compose(request -> request.send(body));
  }

  private static void copyHeader(HttpClientResponse from, HttpServerResponse to, String name) {
    String value = from.getHeader(name);
    if (value != null) {
      to.putHeader(name, value);
    }
  }

  static void problem(RoutingContext context, int status, String type, String detail) {
    send(context, status, problemBody(status, type, detail));
  }

  private static JsonObject problemBody(int status, String type, String detail) {
    return new JsonObject()
        .put("type", "urn:cybernet-call:problem:" + type)
        .put("title", type.replace('-', ' '))
        .put("status", status)
        .put("detail", detail);
  }

  private static void send(RoutingContext context, int status, JsonObject problem) {
    context
        .response()
        .setStatusCode(status)
        .putHeader("Content-Type", PROBLEM)
        .end(problem.toBuffer());
  }

  private record Answer(HttpClientResponse response, Buffer body) {}
}
