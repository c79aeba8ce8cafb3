package io.cybernetcall.conformance;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * What any Cybernet Call resource service looks like to quarkus-oidc: a bearer-token protected
 * endpoint and nothing but {@code quarkus.oidc.auth-server-url} pointing at the issuer.
 */
@Path("/whoami")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class WhoAmIResource {

  private final JsonWebToken token;

  public WhoAmIResource(JsonWebToken token) {
    this.token = token;
  }

  @GET
  public Map<String, Object> whoAmI() {
    return Map.of(
        "sub", token.getSubject(),
        "iss", token.getIssuer(),
        "username", token.getClaim("preferred_username"));
  }
}
