package io.cybernetcall.auth.rest;

import io.cybernetcall.auth.service.AuthProblem;
import io.cybernetcall.auth.service.ProviderSessions;
import io.cybernetcall.auth.service.RateLimiter;
import io.cybernetcall.platform.problem.ProblemException;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.Tenant;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * OpenID Connect Back-Channel Logout: the identity provider, server to server, says a person's
 * session there ended (they signed out there, or an administrator ended it), and the Cybernet Call
 * sessions started from it end at once, sockets included. The logout token is verified by
 * quarkus-oidc's {@code sso-logout} tenant (signature against the provider's keys, {@code iss},
 * {@code aud} = our client id); the logout-specific rules of the specification are checked here.
 */
@Path("/api/auth/provider-logout")
@Tag(name = "auth")
public class ProviderLogoutResource {

  static final String BACK_CHANNEL_LOGOUT_EVENT =
      "http://schemas.openid.net/event/backchannel-logout";
  private static final int MAX_TOKEN = 8192;
  // One request per ended provider session: an administrator ending every session of a realm
  // sends many at once. Generous per sender; garbage from one address is cut off.
  private static final int PER_ADDRESS_PER_MINUTE = 1200;

  private final TenantIdentityProvider verifier;
  private final ProviderSessions providerSessions;
  private final RateLimiter rateLimiter;

  public ProviderLogoutResource(
      @Tenant("sso-logout") TenantIdentityProvider verifier,
      ProviderSessions providerSessions,
      RateLimiter rateLimiter) {
    this.verifier = verifier;
    this.providerSessions = providerSessions;
    this.rateLimiter = rateLimiter;
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response backChannelLogout(
      @FormParam("logout_token") String logoutToken, @Context HttpServerRequest request) {
    rateLimiter.hitOrThrow(
        "provider-logout",
        ClientAddress.of(request),
        PER_ADDRESS_PER_MINUTE,
        Duration.ofMinutes(1));
    if (!providerSessions.checking()) {
      throw invalid("Single sign-on is not configured here.");
    }
    if (logoutToken == null || logoutToken.isBlank() || logoutToken.length() > MAX_TOKEN) {
      throw invalid("logout_token is required (at most " + MAX_TOKEN + " characters).");
    }
    JsonWebToken token = verified(logoutToken);
    JsonObject events = token.getClaim("events");
    if (events == null || !events.containsKey(BACK_CHANNEL_LOGOUT_EVENT)) {
      throw invalid("The token is not a back-channel logout token (its events claim).");
    }
    if (token.containsClaim("nonce")) {
      throw invalid("A logout token carries no nonce.");
    }
    String sid = sidOf(token);
    if (sid == null && token.getSubject() == null) {
      throw invalid("A logout token names a session (sid) or a person (sub).");
    }
    providerSessions.endedAtProvider(token.getIssuer(), token.getSubject(), sid);
    return Response.ok().header("Cache-Control", "no-store").build();
  }

  private JsonWebToken verified(String logoutToken) {
    try {
      SecurityIdentity identity =
          verifier
              .authenticate(new AccessTokenCredential(logoutToken))
              .await()
              .atMost(Duration.ofSeconds(10));
      return (JsonWebToken) identity.getPrincipal();
    } catch (RuntimeException e) {
      throw invalid("The logout token does not verify (signature, issuer, audience or age).");
    }
  }

  private static String sidOf(JsonWebToken token) {
    Object sid = token.getClaim("sid");
    if (sid == null) return null;
    String text = sid instanceof JsonString json ? json.getString() : sid.toString();
    return text.isBlank() ? null : text;
  }

  private static ProblemException invalid(String detail) {
    return new ProblemException(AuthProblem.INVALID_LOGOUT_TOKEN, detail);
  }
}
