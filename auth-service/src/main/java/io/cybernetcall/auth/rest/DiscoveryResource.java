package io.cybernetcall.auth.rest;

import io.cybernetcall.auth.config.AuthConfig;
import io.cybernetcall.auth.service.SigningKeyRing;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * OpenID Connect discovery (the parts a resource server needs) and the JWKS. auth-service issues
 * tokens through its own JSON API, not OAuth flows, so no authorization or token endpoint is
 * advertised. The issuer is fixed by configuration; endpoint URLs follow the address the caller
 * used, so services inside a cluster fetch keys from the internal address while tokens still name
 * the public issuer.
 */
@Path("/.well-known")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "discovery")
public class DiscoveryResource {

  private static final int JWKS_MAX_AGE_SECONDS = 300;

  private final AuthConfig config;
  private final SigningKeyRing keys;

  public DiscoveryResource(AuthConfig config, SigningKeyRing keys) {
    this.config = config;
    this.keys = keys;
  }

  @GET
  @Path("/openid-configuration")
  public Map<String, Object> openidConfiguration(@Context UriInfo uri) {
    String base = uri.getBaseUri().toString().replaceAll("/+$", "");
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("issuer", config.issuer());
    document.put("jwks_uri", base + "/.well-known/jwks.json");
    document.put("response_types_supported", List.of("token"));
    document.put("subject_types_supported", List.of("public"));
    document.put("id_token_signing_alg_values_supported", List.of("RS256"));
    document.put(
        "claims_supported",
        List.of("iss", "sub", "aud", "exp", "iat", "jti", "sid", "preferred_username", "name"));
    return document;
  }

  @GET
  @Path("/jwks.json")
  public Response jwks() {
    CacheControl cache = new CacheControl();
    cache.setMaxAge(JWKS_MAX_AGE_SECONDS);
    List<Map<String, Object>> jwks = keys.published().stream().map(SigningKeyRing::toJwk).toList();
    return Response.ok(Map.of("keys", jwks)).cacheControl(cache).build();
  }
}
