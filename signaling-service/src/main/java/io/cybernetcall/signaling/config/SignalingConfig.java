package io.cybernetcall.signaling.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything signaling-service can be tuned with; each property is also an environment variable
 * ({@code signaling.max-connections-per-user} is {@code SIGNALING_MAX_CONNECTIONS_PER_USER}).
 */
@ConfigMapping(prefix = "signaling")
public interface SignalingConfig {

  /**
   * Exact Origin values allowed to open a WebSocket (scheme://host[:port]). Requests without an
   * Origin header come from non-browser clients and are allowed: they still need a token.
   */
  @WithDefault("http://localhost:8080")
  List<String> allowedOrigins();

  /**
   * Also accept origins whose host is a local network's name or address (development only; the rule
   * is {@code OriginPolicy}'s). Keep it equal to {@code WEB_UI_ALLOW_LOCAL_ORIGINS}.
   */
  @WithDefault("false")
  boolean allowLocalOrigins();

  /**
   * A socket from which nothing arrived for this long (no frame, no pong to the server's pings
   * every 20 s) is closed: its peer is gone without saying so.
   */
  @WithDefault("PT60S")
  Duration idleTimeout();

  /** How often sockets are checked against {@link #idleTimeout()}. */
  @WithDefault("5s")
  Duration idleCheckInterval();

  /** Open sockets one user may hold across all replicas (tabs, devices). */
  @WithDefault("5")
  int maxConnectionsPerUser();

  /** auth-service base URL, for the contact list of a connecting user. */
  @WithDefault("http://localhost:8081")
  String authUrl();

  /** This replica's id in presence and fan-out; random unless set. */
  Optional<String> replicaId();

  /** A replica that stops renewing its heartbeat for this long is considered dead. */
  @WithDefault("PT30S")
  Duration replicaTimeout();

  /** How often this replica renews its heartbeat and looks for dead replicas. */
  @WithDefault("5s")
  Duration heartbeatInterval();

  /** Per-recipient replay buffer kept in Redis for resume after a reconnect. */
  Replay replay();

  Ice ice();

  Limits limits();

  /** Chat messages relayed through the server for contacts who are away (docs/protocol.md). */
  Messages messages();

  /** How many recent signals per user are kept for resume, and for how long. */
  interface Replay {

    @WithDefault("1000")
    int maxSignals();

    @WithDefault("PT10M")
    Duration retention();
  }

  /**
   * ICE servers handed to clients in the welcome frame. Normally one setting, {@link #server()},
   * names the coturn every client uses and the URLs follow from it; the URL lists override it.
   */
  interface Ice {

    /**
     * Public host name (or address) of the STUN/TURN server, optionally with its port ({@code
     * turn.example.com}, {@code 203.0.113.7:3478}). Gives {@code stun:<server>}, {@code
     * turn:<server>?transport=udp}, {@code turn:<server>?transport=tcp} and, with {@link
     * #tlsPort()}, {@code turns:<host>:<tls-port>?transport=tcp}. Unset: no ICE servers unless the
     * URL lists below are set (calls then connect only where host candidates reach each other).
     */
    Optional<String> server();

    /** Port of TURN over TLS on {@link #server()} (coturn's 5349); unset: no {@code turns:} URL. */
    Optional<Integer> tlsPort();

    /** STUN URLs; overrides the one derived from {@link #server()}. */
    Optional<List<String>> stunUrls();

    /** TURN URLs; overrides the ones derived from {@link #server()}. */
    Optional<List<String>> turnUrls();

    /**
     * coturn {@code static-auth-secret} for ephemeral credentials (REST API scheme). Never sent to
     * clients; required when there are TURN URLs.
     */
    Optional<String> turnSecret();

    /** Lifetime of a TURN credential; at most one hour. */
    @WithDefault("PT1H")
    Duration credentialLifetime();
  }

  /** Abuse limits. */
  interface Limits {

    /** Frames a connection may send per second (sustained). */
    @WithDefault("50")
    int framesPerSecond();

    /** Burst above the sustained rate. */
    @WithDefault("100")
    int frameBurst();

    /**
     * Frames of one socket that may wait while the frame before them is handled (routing stalls
     * when Redis is slow or the replica is overloaded); a frame past it is refused at once with
     * {@code unavailable}, naming its ref, and nothing is held for it.
     */
    @WithDefault("256")
    int queuedFrames();

    /**
     * Characters of waiting frames across all sockets of the replica (32 Mi): what overload may
     * hold in memory, however many clients send at once. Past it frames are refused with {@code
     * unavailable}. The gauge {@code signaling_inbound_queued_chars} shows what waits.
     */
    @WithDefault("33554432")
    long queuedChars();

    /** Calls (offers) one user may start to the same callee per minute. */
    @WithDefault("6")
    int offersPerCalleePerMinute();

    /** An offer not accepted within this long ends as a missed call. */
    @WithDefault("PT45S")
    Duration ringTimeout();

    /**
     * A call the caller hangs up before anyone answers is a missed call (and may be mailed) once it
     * has rung this long; a shorter one is taken for a misdial.
     */
    @WithDefault("PT5S")
    Duration missedCallAfter();
  }

  interface Messages {

    /**
     * How long a relayed message (and a receipt for it) is kept for its recipient's devices,
     * whoever acknowledged it: the signal store deletes it after this.
     */
    @WithDefault("P7D")
    Duration lifetime();

    /**
     * Messages one user may relay to one contact within {@link #lifetime()} (receipts count apart,
     * with the same limit); beyond it a message is refused with {@code rate-limited}.
     */
    @WithDefault("200")
    int perContact();
  }
}
