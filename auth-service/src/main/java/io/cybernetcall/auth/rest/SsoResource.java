package io.cybernetcall.auth.rest;

import io.cybernetcall.auth.mapping.UserMapper;
import io.cybernetcall.auth.rest.dto.TokenResponse;
import io.cybernetcall.auth.service.SsoService;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
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
   * (401): none can be verified.
   */
  @POST
  @Path("/session")
  @Consumes(MediaType.WILDCARD)
  @Authenticated
  public TokenResponse session() {
    return UserMapper.toTokenResponse(sso.signIn(providerToken));
  }
}
