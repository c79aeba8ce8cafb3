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
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * OpenID Connect discovery (the parts a resource server needs) and the JWKS. auth-service issues
 * access tokens through its own JSON API and is deliberately not an authorization server (see
 * docs/auth-api.md, "Not an authorization server"): the document advertises no authorization or
 * token endpoint, no response types and no ID-token algorithms, so no client mistakes it for one.
 * The issuer is fixed by configuration. The JWKS URL follows the address the caller used when that
 * address is a configured one (the issuer, the internal URL, {@code auth.discovery-base-urls}), so
 * services inside a cluster fetch keys from the internal address while tokens still name the public
 * issuer; any other Host header gets the issuer's address.
 */
@Path("/.well-known")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "discovery")
public class DiscoveryResource {

  private static final int MAX_AGE_SECONDS = 300;

  private final AuthConfig config;
  private final SigningKeyRing keys;
  private final Set<String> configuredBases;

  public DiscoveryResource(AuthConfig config, SigningKeyRing keys) {
    this.config = config;
    this.keys = keys;
    this.configuredBases =
        Stream.concat(
                Stream.of(config.issuer(), config.internalUrl()),
                config.discoveryBaseUrls().orElse(List.of()).stream())
            .map(DiscoveryResource::withoutTrailingSlash)
            .collect(Collectors.toUnmodifiableSet());
  }

  @GET
  @Path("/openid-configuration")
  public Response openidConfiguration(@Context UriInfo uri) {
    String requested = withoutTrailingSlash(uri.getBaseUri().toString());
    String base =
        configuredBases.contains(requested) ? requested : withoutTrailingSlash(config.issuer());
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("issuer", config.issuer());
    document.put("jwks_uri", base + "/.well-known/jwks.json");
    document.put("subject_types_supported", List.of("public"));
    document.put(
        "claims_supported",
        List.of("iss", "sub", "aud", "exp", "iat", "jti", "sid", "preferred_username", "name"));
    return Response.ok(document).cacheControl(maxAge()).build();
  }

  @GET
  @Path("/jwks.json")
  public Response jwks() {
    List<Map<String, Object>> jwks = keys.published().stream().map(SigningKeyRing::toJwk).toList();
    return Response.ok(Map.of("keys", jwks)).cacheControl(maxAge()).build();
  }

  private static CacheControl maxAge() {
    CacheControl cache = new CacheControl();
    cache.setMaxAge(MAX_AGE_SECONDS);
    return cache;
  }

  private static String withoutTrailingSlash(String url) {
    return url.replaceAll("/+$", "");
  }
}
