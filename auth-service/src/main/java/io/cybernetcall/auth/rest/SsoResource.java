package io.cybernetcall.auth.rest;

import io.cybernetcall.auth.mapping.UserMapper;
import io.cybernetcall.auth.rest.dto.RefreshRequest;
import io.cybernetcall.auth.rest.dto.SsoSessionRequest;
import io.cybernetcall.auth.rest.dto.TokenResponse;
import io.cybernetcall.auth.service.SsoService;
import io.cybernetcall.auth.service.SsoTokens;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Single sign-on ({@code POST /api/auth/sso/session}): the caller presents the identity provider's
 * access token as its bearer token (verified by the {@code sso} OIDC tenant, which owns {@code
 * /api/auth/sso/*}) and gets a Cybernet Call session, exactly as {@code /api/auth/login} gives one
 * for a password.
 */
@Path("/api/auth/sso")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "auth")
public class SsoResource {

  private final SsoService sso;
  private final JsonWebToken providerToken;

  public SsoResource(SsoService sso, JsonWebToken providerToken) {
    this.sso = sso;
    this.providerToken = providerToken;
  }

  /**
   * Without a configured provider the {@code sso} tenant is off and every token here is refused
   * (401): none can be verified. Without a body, the session is not checked with the provider
   * later.
   */
  @POST
  @Path("/session")
  @Authenticated
  public TokenResponse session() {
    return UserMapper.toTokenResponse(sso.signIn(providerToken, SsoTokens.NONE));
  }

  /**
   * The same, keeping the provider's refresh token and ID token (sealed) to check the session with
   * it later and to sign out there.
   */
  @POST
  @Path("/session")
  @Consumes(MediaType.APPLICATION_JSON)
  @Authenticated
  public TokenResponse sessionChecked(
      @NotNull(message = "body is required") @Valid SsoSessionRequest request) {
    return UserMapper.toTokenResponse(
        sso.signIn(
            providerToken,
            new SsoTokens(request.providerRefreshToken(), request.providerIdToken(), null)));
  }

  /**
   * Joins the provider identity of the bearer token to the account of the session whose refresh
   * token is in the body (proof that the caller signed in to it). 204; 401 without a live session;
   * 409 {@code identity-linked} when either side is already joined elsewhere.
   */
  @POST
  @Path("/link")
  @Consumes(MediaType.APPLICATION_JSON)
  @Authenticated
  public Response link(@NotNull(message = "body is required") @Valid RefreshRequest request) {
    sso.link(providerToken, request.refreshToken());
    return Response.noContent().build();
  }
}
