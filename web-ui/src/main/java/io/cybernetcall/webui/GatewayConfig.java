package io.cybernetcall.webui;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Where each service listens, for the gateway that gives the browser one origin ({@code
 * web-ui.auth-url} is {@code WEB_UI_AUTH_URL}). In Kubernetes the Ingress does this routing and the
 * web-ui only serves the client.
 */
@ConfigMapping(prefix = "web-ui")
public interface GatewayConfig {

  /**
   * auth-service: {@code /api/auth}, {@code /api/users}, {@code /api/contacts}, {@code /api/keys},
   * {@code /.well-known}.
   */
  @WithDefault("http://localhost:8081")
  URI authUrl();

  /** signaling-service: {@code /ws/signal}, {@code /api/signals}, {@code /api/welcome}. */
  @WithDefault("http://localhost:8082")
  URI signalingUrl();

  /** signal-store-service: {@code /api/inbox}. */
  @WithDefault("http://localhost:8083")
  URI signalStoreUrl();

  /** notification-service: {@code /api/notifications}. */
  @WithDefault("http://localhost:8084")
  URI notificationUrl();

  /**
   * The largest request body each service accepts (its {@code quarkus.http.limits.max-body-size}).
   * The gateway answers {@code 413} itself to a request that declares a longer body: a service
   * refusing a body it has not read closes the connection under the proxy, which then often has
   * only a reset to relay ({@code 502}).
   */
  BodyLimits maxBodySize();

  /**
   * Exact origins the page is served from, the public one first; {@code /session/...} refuses any
   * other {@code Origin} and names the first in its refusal (comma-separated, like {@code
   * SIGNALING_ALLOWED_ORIGINS}).
   */
  @WithDefault("http://localhost:8080")
  java.util.List<String> allowedOrigins();

  /**
   * Also accept origins whose host is a local network's name or address (127.0.0.1, the machine's
   * name, its LAN address, {@code *.local}): for a developer's machine, where people open the app
   * by many names. Never on a public deployment. Keep it equal to {@code
   * SIGNALING_ALLOW_LOCAL_ORIGINS}.
   */
  @WithDefault("false")
  boolean allowLocalOrigins();

  /**
   * Marks the session cookie {@code Secure} (browsers accept it on {@code http://localhost} too;
   * turn off only to serve plain HTTP on another host name during development).
   */
  @WithDefault("true")
  boolean secureCookie();

  Sso sso();

  /**
   * Sign-in through an external OpenID Connect provider: the authorization-code flow (PKCE S256,
   * state, nonce) runs here in quarkus-oidc as a confidential client, on {@code /session/sso/*}
   * only, and the provider's access token is exchanged at auth-service for a session (which must
   * have {@code AUTH_SSO_ENABLED} with the same provider).
   */
  interface Sso {

    /** Whether the sign-in screen offers the provider and {@code /session/sso/start} runs. */
    @WithDefault("false")
    boolean enabled();

    /** The provider's issuer URL, as auth-service's {@code AUTH_SSO_ISSUER}. */
    Optional<String> issuer();

    /** This installation's client id at the provider. */
    @WithDefault("cybernet-web")
    String clientId();

    /**
     * The scopes the sign-in asks for besides {@code openid}: the claims the account is made from
     * (username, display name, email) must come with them.
     */
    @WithDefault("profile,email")
    List<String> scopes();

    /**
     * The client's secret (from a Secret, never the repository); at least 32 characters, as it also
     * encrypts the flow's state cookie.
     */
    Optional<String> clientSecret();
  }

  /** Per service; keep each equal to the service's own limit. */
  interface BodyLimits {

    /** auth-service's limit. */
    @WithDefault("16K")
    MemorySize auth();

    /** signaling-service's limit (the HTTP signal fallback). */
    @WithDefault("64K")
    MemorySize signaling();

    /** signal-store-service's limit (inbox acknowledgements). */
    @WithDefault("1K")
    MemorySize signalStore();

    /** notification-service's limit. */
    @WithDefault("4K")
    MemorySize notification();
  }
}
