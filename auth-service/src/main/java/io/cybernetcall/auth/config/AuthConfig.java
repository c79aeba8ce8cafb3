package io.cybernetcall.auth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything auth-service can be tuned with. Each property is also settable as an environment
 * variable: {@code auth.access-token-lifetime} is {@code AUTH_ACCESS_TOKEN_LIFETIME}.
 */
@ConfigMapping(prefix = "auth")
public interface AuthConfig {

  /**
   * The {@code iss} of every token and the issuer in the discovery document: the public URL clients
   * reach auth-service under (for example {@code https://call.example.com}).
   */
  @WithDefault("http://localhost:8081")
  String issuer();

  /**
   * How this service reaches its own discovery document and JWKS to verify the tokens presented to
   * it (quarkus-oidc, exactly as any other resource service does).
   */
  @WithDefault("http://localhost:${quarkus.http.port}")
  String internalUrl();

  /**
   * Further addresses the other services reach auth-service at inside the deployment (for example
   * {@code http://auth-service:8081}). The discovery document names the JWKS under the address a
   * caller used only when it is the issuer, {@link #internalUrl()} or one of these; any other Host
   * header gets the issuer's, so no caller can make the document point elsewhere.
   */
  Optional<List<String>> discoveryBaseUrls();

  /** The {@code aud} of access tokens; every resource service checks it. */
  @WithDefault("cybernet-call")
  String audience();

  /** Lifetime of access JWTs. Kept short (at most 15 minutes) because they cannot be revoked. */
  @WithDefault("PT10M")
  Duration accessTokenLifetime();

  /** Absolute lifetime of a login session (a refresh-token family). */
  @WithDefault("P30D")
  Duration refreshTokenLifetime();

  /**
   * How long a just-rotated refresh token may be presented again, for a client that lost the
   * response, before it counts as reuse and revokes the session.
   */
  @WithDefault("PT10S")
  Duration refreshReuseGrace();

  /** Lifetime of the emailed email-verification token. */
  @WithDefault("PT24H")
  Duration emailVerificationLifetime();

  /** Lifetime of the emailed password-reset token. */
  @WithDefault("PT30M")
  Duration passwordResetLifetime();

  Signing signing();

  Password password();

  Throttle throttle();

  Search search();

  Outbox outbox();

  Sso sso();

  Keys keys();

  /** The key directory (devices' public keys for end-to-end encrypted signaling). */
  interface Keys {

    /** Devices one user may register; a further one is refused until one is removed. */
    @WithDefault("10")
    int maxDevicesPerUser();
  }

  /** Token signing keys. */
  interface Signing {

    /**
     * Directory of PKCS#8 PEM RSA private keys, one {@code <kid>.pem} per key (a mounted Kubernetes
     * Secret in production). Every key in it is published in the JWKS; only the active one signs.
     * When unset, a development key is generated in {@link #devKeyDir()}.
     */
    Optional<Path> keyDir();

    /**
     * The kid that signs. When unset: the content of {@code active-kid} in the key directory if
     * present, else the only key there.
     */
    Optional<String> activeKid();

    /** Where the generated development key is kept so restarts keep tokens valid. */
    @WithDefault("${java.io.tmpdir}/cybernet-call/dev-keys")
    Path devKeyDir();

    /** How often the key directory is re-read (new keys appear in the JWKS without a restart). */
    @WithDefault("60s")
    Duration reloadInterval();
  }

  /** Argon2id parameters (OWASP: at least m=19 MiB, t=2, p=1) and hashing concurrency. */
  interface Password {

    /** Argon2 memory in KiB. */
    @WithDefault("19456")
    int memoryKib();

    /** Argon2 iterations. */
    @WithDefault("2")
    int iterations();

    /** Argon2 lanes. */
    @WithDefault("1")
    int parallelism();

    /** Hashes computed at once; 0 means one per available processor. */
    @WithDefault("0")
    int maxConcurrentHashes();

    /** How long a request may wait for a hashing slot before it gets 503. */
    @WithDefault("PT5S")
    Duration queueTimeout();

    /** Minimum password length. */
    @WithDefault("10")
    int minLength();

    /** Maximum password length: bounds the work one request can cause. */
    @WithDefault("128")
    int maxLength();
  }

  /**
   * Login throttling. Every attempt past the free ones must wait a delay that doubles per failure
   * up to {@link #maxDelay()}; nothing ever locks an account for good.
   */
  interface Throttle {

    /** Failures per account (from any address) before delays start. */
    @WithDefault("5")
    int accountFreeFailures();

    /** Failures per client address (any account) before delays start; NAT shares addresses. */
    @WithDefault("20")
    int addressFreeFailures();

    /** First delay once the free failures are used. */
    @WithDefault("PT1S")
    Duration baseDelay();

    /** Largest delay; at 60 s an account sees at most about 70 failures an hour. */
    @WithDefault("PT60S")
    Duration maxDelay();

    /** Failure counters are forgotten this long after the last failure. */
    @WithDefault("PT1H")
    Duration window();

    /** Hard ceiling of failures per account within the window. */
    @WithDefault("100")
    int accountMaxFailures();

    /** Password-reset requests per email address within the window. */
    @WithDefault("3")
    int resetRequestsPerWindow();
  }

  /** User search. */
  interface Search {

    /** Shortest prefix accepted, so the user list cannot be enumerated cheaply. */
    @WithDefault("2")
    int minPrefixLength();

    /** Most results returned. */
    @WithDefault("20")
    int maxResults();

    /** Searches per user per minute. */
    @WithDefault("30")
    int perMinute();
  }

  /** Transactional outbox relay to Redis Streams. */
  interface Outbox {

    /**
     * Events are relayed right after their transaction commits; this poll (at least 1 s, the
     * scheduler's floor) catches whatever that missed, for example while Redis was down.
     */
    @WithDefault("1s")
    Duration pollInterval();

    /** Events relayed per transaction. */
    @WithDefault("100")
    int batchSize();

    /** How long the relay remembers a published event id, making re-publication a no-op. */
    @WithDefault("P7D")
    Duration dedupeRetention();

    /** Published outbox rows are deleted after this long. */
    @WithDefault("P7D")
    Duration retention();
  }

  /**
   * Sign-in through an external OpenID Connect provider (Keycloak, Authentik, Entra ID, …): the
   * provider's access token is exchanged for a Cybernet Call session, and the first sign-in of an
   * identity provisions an account for it (docs/operations.md, "Bring your own identity provider").
   */
  interface Sso {

    /** Whether people may sign in through the provider. */
    @WithDefault("false")
    boolean enabled();

    /**
     * The provider's issuer URL (Keycloak: {@code https://keycloak.example/realms/<realm>}); its
     * discovery document and keys are read from there, and its tokens must name it as {@code iss}.
     */
    Optional<String> issuer();

    /** The provider's name on the sign-in button ("Sign in with …"). */
    @WithDefault("single sign-on")
    String providerName();

    /** The {@code aud} the provider's access tokens must carry to be exchanged here. */
    @WithDefault("cybernet-call")
    String audience();

    /** The claim a new account's username is made from (made valid and unique when it is not). */
    @WithDefault("preferred_username")
    String usernameClaim();

    /** The claim a new account's display name comes from (the username when it is absent). */
    @WithDefault("name")
    String displayNameClaim();

    /**
     * The client Cybernet Call is at the provider (web-ui's {@code WEB_UI_SSO_CLIENT_ID}): with
     * {@link #clientSecret()}, auth-service asks the provider whether each SSO session still lives.
     */
    Optional<String> clientId();

    /**
     * That client's secret (from a Secret). Also the key its sealed refresh tokens are stored
     * under: changing it stops the checks of the sessions started before.
     */
    Optional<String> clientSecret();

    /**
     * How often each SSO session is checked with the provider: a person the provider disabled,
     * deleted or signed out is signed out here within about this long.
     */
    @WithDefault("PT30S")
    Duration checkInterval();

    /** The claim with the account's email address; a token without it is refused. */
    @WithDefault("email")
    String emailClaim();

    /**
     * An SSO-only installation: no registration and no password sign-in, accounts come from the
     * provider alone. False keeps passwords beside the provider.
     */
    @WithDefault("false")
    boolean only();
  }
}
