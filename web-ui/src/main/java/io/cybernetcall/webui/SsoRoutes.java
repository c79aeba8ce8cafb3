package io.cybernetcall.webui;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.AuthenticationRedirectException;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * "Sign in with your provider": {@code GET /session/sso/start} is guarded by quarkus-oidc's {@code
 * sso} tenant, which runs the authorization-code flow (PKCE S256, state, nonce) with the provider
 * and only then lets the request through. Here the provider's access token is exchanged at
 * auth-service ({@code POST /api/auth/sso/session}) for a session, whose refresh token goes into
 * the same HttpOnly cookie a password sign-in sets; the provider's tokens are then dropped (their
 * cookie expired), so the browser keeps nothing of them. The page, reloaded at {@code /}, restores
 * the session as after any reload. A refusal comes back as {@code /?sign-in-error=<problem>}.
 */
@ApplicationScoped
public class SsoRoutes {

  static final String START = "/session/sso/start";
  // quarkus-oidc's cookie of the code flow's result for the "sso" tenant (its cookie-path).
  private static final String PROVIDER_SESSION_COOKIE = "q_session_sso";
  private static final String PROVIDER_COOKIE_PATH = "/session/sso";

  private final GatewayConfig config;
  private final HttpClient authClient;

  public SsoRoutes(GatewayConfig config, AuthServiceClient auth) {
    this.config = config;
    this.authClient = auth.http();
  }

  void install(@Observes Router router) {
    // After Quarkus' authorization handler (order -100), which runs the code flow for this path.
    router.get(START).order(-90).handler(this::signedInAtProvider);
    // The code flow failed before reaching us (the provider does not answer, its discovery
    // document or keys are unreachable): back to the app with the reason, never an error page.
    router
        .get(START)
        .order(-300)
        .failureHandler(
            context -> {
              // quarkus-oidc sends its own redirects (to the provider, and back without the code)
              // as failures: those pass on to it.
              if (context.response().headWritten()
                  || context.failure() instanceof AuthenticationRedirectException) {
                context.next();
              } else {
                leave(context, "provider-unavailable");
              }
            });
  }

  private void signedInAtProvider(RoutingContext context) {
    if (!config.sso().enabled()) {
      context.redirect("/?sign-in-error=sso-not-configured");
      return;
    }
    AccessTokenCredential token =
        context.user() instanceof QuarkusHttpUser user
            ? user.getSecurityIdentity().getCredential(AccessTokenCredential.class)
            : null;
    if (token == null) {
      context.redirect("/?sign-in-error=unauthenticated");
      return;
    }
    // The provider's refresh token goes along: auth-service keeps it, sealed, to ask the provider
    // whether the person's session there still lives (a disabled user is signed out here too).
    JsonObject exchange = new JsonObject();
    if (token.getRefreshToken() != null) {
      exchange.put("providerRefreshToken", token.getRefreshToken().getToken());
    }
    authClient
        .request(
            new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setURI("/api/auth/sso/session")
                .putHeader("Authorization", "Bearer " + token.getToken())
                .putHeader("Content-Type", "application/json")
                .setTimeout(10_000))
        .compose(request -> request.send(exchange.toBuffer()))
        .compose(response -> response.body().map(body -> new Answer(response.statusCode(), body)))
        .onSuccess(answer -> finish(context, answer))
        .onFailure(failure -> leave(context, "unavailable"));
  }

  private void finish(RoutingContext context, Answer answer) {
    JsonObject body;
    try {
      body = answer.body.toJsonObject();
    } catch (RuntimeException e) {
      leave(context, "unavailable");
      return;
    }
    if (answer.status != 200) {
      String type = body.getString("type", "");
      leave(context, type.substring(type.lastIndexOf(':') + 1));
      return;
    }
    Number lifetime = body.getNumber("refreshExpiresIn");
    context
        .response()
        .addCookie(
            SessionCookie.of(
                body.getString("refreshToken"),
                lifetime == null ? 0 : lifetime.longValue(),
                config.secureCookie()));
    leave(context, null);
  }

  /** Drops the provider's tokens and sends the browser to the app (with the refusal, if any). */
  private void leave(RoutingContext context, String refusal) {
    context
        .response()
        .addCookie(
            Cookie.cookie(PROVIDER_SESSION_COOKIE, "")
                .setPath(PROVIDER_COOKIE_PATH)
                .setHttpOnly(true)
                .setMaxAge(0))
        .putHeader("Cache-Control", "no-store");
    context.redirect(
        refusal == null || refusal.isBlank()
            ? "/"
            : "/?sign-in-error=" + refusal.replaceAll("[^a-z0-9-]", ""));
  }

  private record Answer(int status, Buffer body) {}
}
