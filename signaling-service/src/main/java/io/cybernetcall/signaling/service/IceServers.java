package io.cybernetcall.signaling.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybernetcall.signaling.config.SignalingConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ICE servers a client may use, with short-lived TURN credentials in coturn's REST API scheme
 * ({@code use-auth-secret}): username {@code <expiry unix seconds>:<userId>}, password {@code
 * base64(HMAC-SHA1(secret, username))}. The shared secret never leaves the server.
 */
@ApplicationScoped
@Startup // a TURN server without its secret is a configuration error: fail at start, not per socket
public class IceServers {

  private static final Duration MAX_LIFETIME = Duration.ofHours(1);

  private final SignalingConfig.Ice config;
  private final IceUrls urls;
  private final ObjectMapper json;
  private final Clock clock;

  public IceServers(SignalingConfig config, ObjectMapper json, Clock clock) {
    this.config = config.ice();
    this.urls = IceUrls.from(this.config);
    this.json = json;
    this.clock = clock;
    if (this.config.credentialLifetime().compareTo(MAX_LIFETIME) > 0) {
      throw new IllegalStateException("signaling.ice.credential-lifetime must be at most 1 hour");
    }
    if (!urls.turn().isEmpty() && this.config.turnSecret().filter(s -> !s.isBlank()).isEmpty()) {
      throw new IllegalStateException(
          "signaling.ice.turn-secret is required when there are TURN URLs (signaling.ice.server or"
              + " signaling.ice.turn-urls)");
    }
  }

  /** Writes {@code iceServers} and {@code iceServersExpireAt} into a frame. */
  public void describeFor(String userId, ObjectNode frame) {
    Instant expiresAt = clock.instant().plus(config.credentialLifetime());
    ArrayNode servers = frame.putArray("iceServers");
    if (!urls.stun().isEmpty()) {
      ObjectNode stun = servers.addObject();
      urls.stun().forEach(stun.putArray("urls")::add);
    }
    List<String> turnUrls = urls.turn();
    if (!turnUrls.isEmpty()) {
      String username = expiresAt.getEpochSecond() + ":" + userId;
      ObjectNode turn = servers.addObject();
      turnUrls.forEach(turn.putArray("urls")::add);
      turn.put("username", username);
      turn.put("credential", hmacSha1(config.turnSecret().orElseThrow(), username));
    }
    frame.put("iceServersExpireAt", expiresAt.toString());
  }

  public ObjectNode frameFor(String userId) {
    ObjectNode frame = json.createObjectNode();
    frame.put("type", io.cybernetcall.contracts.signaling.FrameTypes.ICE_SERVERS);
    describeFor(userId, frame);
    return frame;
  }

  static String hmacSha1(String secret, String username) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is required by every Java platform", e);
    }
  }
}
