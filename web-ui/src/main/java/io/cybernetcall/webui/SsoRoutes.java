package io.cybernetcall.webui;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.security.AuthenticationRedirectException;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Future;
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
import java.util.Set;
import java.util.TreeSet;

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
  static final String LINK = "/session/sso/link";
  // quarkus-oidc's cookie of the code flow's result for the "sso" tenant (its cookie-path).
  private static final String PROVIDER_SESSION_COOKIE = "q_session_sso";
  private static final String PROVIDER_COOKIE_PATH = "/session/sso";
  private static final String SIGN_IN_ERROR = "sign-in-error";
  private static final String LINK_ERROR = "link-error";

  private final GatewayConfig config;
  private final HttpClient authClient;

  public SsoRoutes(GatewayConfig config, AuthServiceClient auth) {
    this.config = config;
    this.authClient = auth.http();
  }

  void install(@Observes Router router) {
    // After Quarkus' authorization handler (order -100), which runs the code flow for these paths.
    router.get(START).order(-90).handler(this::signedInAtProvider);
    router.get(LINK).order(-90).handler(this::confirmJoin);
    router.post(LINK).order(-90).handler(this::joinAtProvider);
    for (String path : new String[] {START, LINK}) {
      // The code flow failed before reaching us (the provider does not answer, its discovery
      // document or keys are unreachable): back to the app with the reason, never an error page.
      router
          .get(path)
          .order(-300)
          .failureHandler(
              context -> {
                // quarkus-oidc sends its own redirects (to the provider, and back without the
                // code) as failures: those pass on to it.
                if (context.response().headWritten()
                    || context.failure() instanceof AuthenticationRedirectException) {
                  context.next();
                } else {
                  leave(
                      context,
                      path.equals(START) ? SIGN_IN_ERROR : LINK_ERROR,
                      "provider-unavailable");
                }
              });
    }
  }

  private void signedInAtProvider(RoutingContext context) {
    AccessTokenCredential token = providerToken(context, SIGN_IN_ERROR);
    if (token == null) return;
    // The provider's refresh token and ID token go along: auth-service keeps them, sealed, to ask
    // the provider whether the person's session there still lives (a disabled user is signed out
    // here too), and to send the person there to sign out when they sign out here.
    JsonObject exchange = new JsonObject();
    if (token.getRefreshToken() != null) {
      exchange.put("providerRefreshToken", token.getRefreshToken().getToken());
    }
    IdTokenCredential idToken =
        ((QuarkusHttpUser) context.user())
            .getSecurityIdentity()
            .getCredential(IdTokenCredential.class);
    if (idToken != null) {
      exchange.put("providerIdToken", idToken.getToken());
    }
    callAuthService("/api/auth/sso/session", token, exchange)
        .onSuccess(answer -> finish(context, answer))
        .onFailure(failure -> leave(context, SIGN_IN_ERROR, "unavailable"));
  }

  /**
   * "Join your provider's account" from Settings, step one: the person has just signed in at the
   * provider (the code flow on this path). Their session cookie here is SameSite=Strict, so a
   * browser withholds it on this redirect from the provider's site; the page, back at {@code
   * /?link=confirm}, posts here itself (step two), where both cookies arrive. The provider's tokens
   * wait in quarkus-oidc's encrypted cookie (path /session/sso) until then.
   */
  private void confirmJoin(RoutingContext context) {
    if (providerToken(context, LINK_ERROR) == null) return;
    context.response().putHeader("Cache-Control", "no-store");
    context.redirect("/?link=confirm");
  }

  /**
   * Step two: the page's own POST (Origin checked like every /session POST), with the session
   * cookie here (proof the person holds this account) and the provider's tokens; auth-service joins
   * the two. 204, or auth-service's problem.
   */
  private void joinAtProvider(RoutingContext context) {
    AccessTokenCredential token =
        context.user() instanceof QuarkusHttpUser user
            ? user.getSecurityIdentity().getCredential(AccessTokenCredential.class)
            : null;
    Cookie session = context.request().getCookie(SessionCookie.NAME);
    if (token == null || session == null || !config.sso().enabled()) {
      dropProviderCookie(context);
      SessionRoutes.problem(
          context, 401, "invalid-refresh-token", "Sign in here and at the provider first.");
      return;
    }
    callAuthService(
            "/api/auth/sso/link", token, new JsonObject().put("refreshToken", session.getValue()))
        .onSuccess(
            answer -> {
              dropProviderCookie(context);
              var response = context.response().setStatusCode(answer.status);
              if (answer.status == 204) {
                response.end();
              } else {
                response.putHeader("Content-Type", "application/problem+json").end(answer.body);
              }
            })
        .onFailure(
            failure -> {
              dropProviderCookie(context);
              SessionRoutes.problem(context, 502, "unavailable", "auth-service did not answer.");
            });
  }

  /**
   * The provider's access token of the code flow that just ran, or null (the person was sent on).
   */
  private AccessTokenCredential providerToken(RoutingContext context, String errorParameter) {
    if (!config.sso().enabled()) {
      leave(context, errorParameter, "sso-not-configured");
      return null;
    }
    AccessTokenCredential token =
        context.user() instanceof QuarkusHttpUser user
            ? user.getSecurityIdentity().getCredential(AccessTokenCredential.class)
            : null;
    if (token == null) {
      leave(context, errorParameter, "unauthenticated");
    }
    return token;
  }

  private Future<Answer> callAuthService(
      String path, AccessTokenCredential token, JsonObject body) {
    return authClient
        .request(
            new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setURI(path)
                .putHeader("Authorization", "Bearer " + token.getToken())
                .putHeader("Content-Type", "application/json")
                .setTimeout(10_000))
        .compose(request -> request.send(body.toBuffer()))
        .compose(
            response -> response.body().map(content -> new Answer(response.statusCode(), content)));
  }

  private static String problemType(Answer answer) {
    try {
      String type = answer.body.toJsonObject().getString("type", "");
      return type.substring(type.lastIndexOf(':') + 1);
    } catch (RuntimeException e) {
      return "unavailable";
    }
  }

  private void finish(RoutingContext context, Answer answer) {
    if (answer.status != 200) {
      leave(context, SIGN_IN_ERROR, problemType(answer));
      return;
    }
    JsonObject body;
    try {
      body = answer.body.toJsonObject();
    } catch (RuntimeException e) {
      leave(context, SIGN_IN_ERROR, "unavailable");
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
    leave(context, null, null);
  }

  /**
   * Drops the provider's tokens and sends the browser to the app, with {@code ?parameter=value} (a
   * refusal's reason, or what happened) when there is one.
   */
  private void leave(RoutingContext context, String parameter, String value) {
    dropProviderCookie(context);
    context.response().putHeader("Cache-Control", "no-store");
    context.redirect(
        parameter == null || value == null || value.isBlank()
            ? "/"
            : "/?" + parameter + "=" + value.replaceAll("[^a-z0-9-]", ""));
  }

  /**
   * Expires quarkus-oidc's session cookie of the code flow: the provider's tokens leave the
   * browser. A large one is split into {@code q_session_sso_chunk_<n>} cookies; each goes.
   */
  private static void dropProviderCookie(RoutingContext context) {
    Set<String> names = new TreeSet<>();
    names.add(PROVIDER_SESSION_COOKIE);
    for (Cookie cookie : context.request().cookies()) {
      if (cookie.getName().startsWith(PROVIDER_SESSION_COOKIE)) names.add(cookie.getName());
    }
    for (String name : names) {
      context
          .response()
          .addCookie(
              Cookie.cookie(name, "").setPath(PROVIDER_COOKIE_PATH).setHttpOnly(true).setMaxAge(0));
    }
  }

  private record Answer(int status, Buffer body) {}
}
