package io.cybernetcall.notification.service;

import io.cybernetcall.notification.config.NotificationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Signed, expiring unsubscribe tokens: {@code
 * base64url(userId|kind|expiry).base64url(HMAC-SHA256)}. Anyone holding the email can turn that one
 * type off for that one user, nothing else.
 */
@ApplicationScoped
public class UnsubscribeLinks {

  private static final Logger LOG = Logger.getLogger(UnsubscribeLinks.class);
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final byte[] key;
  private final NotificationConfig config;
  private final Clock clock;

  public UnsubscribeLinks(NotificationConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    Optional<String> secret = config.unsubscribe().secret();
    if (secret.isPresent()) {
      if (secret.get().length() < 32) {
        throw new IllegalStateException(
            "notification.unsubscribe.secret must be at least 32 characters");
      }
      key = secret.get().getBytes(StandardCharsets.UTF_8);
    } else {
      LOG.warn(
          "NOTIFICATION_UNSUBSCRIBE_SECRET is not set: unsubscribe links are signed with a random"
              + " key and stop working when this process stops (development only)");
      key = new byte[32];
      new SecureRandom().nextBytes(key);
    }
  }

  /** What a valid token allows: turning {@code kind} off for {@code userId}. */
  public record Grant(UUID userId, NotificationKind kind) {}

  public String link(UUID userId, NotificationKind kind) {
    return config.appUrl() + "/api/notifications/unsubscribe?token=" + token(userId, kind);
  }

  public String token(UUID userId, NotificationKind kind) {
    long expiry = clock.instant().plus(config.unsubscribe().linkLifetime()).getEpochSecond();
    String payload = userId + "|" + kind.preference().id() + "|" + expiry;
    return ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8))
        + "."
        + ENCODER.encodeToString(sign(payload));
  }

  /** The grant of a genuine, unexpired token; empty for anything else. */
  public Optional<Grant> verify(String token) {
    try {
      int dot = token.indexOf('.');
      if (dot < 0) {
        return Optional.empty();
      }
      String payload = new String(DECODER.decode(token.substring(0, dot)), StandardCharsets.UTF_8);
      byte[] signature = DECODER.decode(token.substring(dot + 1));
      if (!MessageDigest.isEqual(signature, sign(payload))) {
        return Optional.empty();
      }
      String[] parts = payload.split("\\|");
      if (parts.length != 3 || Long.parseLong(parts[2]) < clock.instant().getEpochSecond()) {
        return Optional.empty();
      }
      return NotificationKind.byId(parts[1])
          .filter(NotificationKind::optional)
          .map(kind -> new Grant(UUID.fromString(parts[0]), kind));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private byte[] sign(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
