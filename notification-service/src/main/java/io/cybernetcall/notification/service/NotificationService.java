package io.cybernetcall.notification.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybernetcall.contracts.events.EventTypes;
import io.cybernetcall.notification.config.NotificationConfig;
import io.cybernetcall.notification.repository.Delivery;
import io.cybernetcall.notification.repository.DeliveryRepository;
import io.cybernetcall.notification.repository.PreferenceRepository;
import io.cybernetcall.notification.repository.Recipient;
import io.cybernetcall.notification.repository.RecipientRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Turns events into delivery decisions, recorded in one transaction per event: whom to mail, or why
 * not (turned off, over the hourly limit, folded into a missed-call digest). Sending happens later,
 * in {@link DeliverySender}; a redelivered event finds its row and decides nothing again.
 */
@ApplicationScoped
public class NotificationService {

  private static final Logger LOG = Logger.getLogger(NotificationService.class);
  static final String DIGEST_PREFIX = "missed-call-digest:";

  private final DeliveryRepository deliveries;
  private final RecipientRepository recipients;
  private final PreferenceRepository preferences;
  private final NotificationMetrics metrics;
  private final NotificationConfig config;
  private final Clock clock;

  public NotificationService(
      DeliveryRepository deliveries,
      RecipientRepository recipients,
      PreferenceRepository preferences,
      NotificationMetrics metrics,
      NotificationConfig config,
      Clock clock) {
    this.deliveries = deliveries;
    this.recipients = recipients;
    this.preferences = preferences;
    this.metrics = metrics;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Records what an event means for email; returns whether an email is now waiting to be sent.
   * Events of other types are ignored.
   */
  @Transactional
  public boolean record(String eventId, String type, ObjectNode data) {
    return switch (type) {
      case EventTypes.USER_REGISTERED -> {
        UUID userId = uuid(data, "userId");
        recipients.remember(userId, text(data, "email"), text(data, "displayName"));
        yield plan(eventId, NotificationKind.WELCOME, userId, text(data, "email"), data);
      }
      case EventTypes.USER_EMAIL_VERIFICATION_REQUESTED ->
          plan(eventId, NotificationKind.VERIFY_EMAIL, remember(data), text(data, "email"), data);
      case EventTypes.USER_PASSWORD_RESET_REQUESTED ->
          plan(eventId, NotificationKind.PASSWORD_RESET, remember(data), text(data, "email"), data);
      case EventTypes.CONTACT_REQUESTED -> {
        UUID recipientId = uuid(data, "recipientId");
        String email = text(data, "recipientEmail");
        recipients.remember(recipientId, email, text(data, "recipientDisplayName"));
        yield plan(eventId, NotificationKind.CONTACT_REQUEST, recipientId, email, data);
      }
      case EventTypes.CALL_MISSED -> missedCall(eventId, data);
      default -> false;
    };
  }

  private boolean missedCall(String eventId, ObjectNode data) {
    if ("data".equals(data.path("media").asText())) {
      return false;
    }
    Recipient callee = recipients.findById(uuid(data, "calleeId"));
    if (callee == null) {
      LOG.warnf("Missed call %s: no address known for the callee; not mailed", eventId);
      return false;
    }
    Recipient caller = recipients.findById(uuid(data, "callerId"));
    data.put("calleeDisplayName", callee.displayName);
    data.put("callerDisplayName", caller == null ? "A contact" : caller.displayName);
    return plan(eventId, NotificationKind.MISSED_CALL, callee.userId, callee.email, data);
  }

  private boolean plan(
      String deliveryId, NotificationKind kind, UUID userId, String email, JsonNode payload) {
    Instant now = clock.instant();
    Delivery delivery = new Delivery();
    delivery.deliveryId = deliveryId;
    delivery.kind = kind.id();
    delivery.userId = userId;
    delivery.email = email;
    delivery.payload = payload.toString();
    delivery.createdAt = now;
    delivery.nextAttemptAt = now;
    delivery.status = Delivery.PENDING;
    if (kind.optional() && !preferences.enabled(userId, kind.preference().id())) {
      delivery.status = Delivery.SUPPRESSED;
    } else if (deliveries.countedSince(email, kind.id(), now.minus(config.throttle().window()))
        >= config.throttle().maxPerWindow()) {
      if (kind == NotificationKind.MISSED_CALL) {
        delivery.status = Delivery.FOLDED;
        delivery.digestId = openDigest(userId, email, now);
      } else {
        delivery.status = Delivery.THROTTLED;
      }
    }
    if (!deliveries.insertIfAbsent(delivery)) {
      return false;
    }
    switch (delivery.status) {
      case Delivery.SUPPRESSED -> metrics.suppressed(kind);
      case Delivery.FOLDED -> metrics.throttled(kind, true);
      case Delivery.THROTTLED -> metrics.throttled(kind, false);
      default -> {
        // pending: the sender takes it from here
      }
    }
    return Delivery.PENDING.equals(delivery.status);
  }

  /** The user's digest waiting to go out, created (due after the digest delay) if none is. */
  private String openDigest(UUID userId, String email, Instant now) {
    return deliveries
        .openDigest(userId)
        .map(digest -> digest.deliveryId)
        .orElseGet(
            () -> {
              Delivery digest = new Delivery();
              digest.deliveryId = DIGEST_PREFIX + UUID.randomUUID();
              digest.kind = NotificationKind.MISSED_CALL_DIGEST.id();
              digest.userId = userId;
              digest.email = email;
              digest.status = Delivery.PENDING;
              digest.payload = "{}";
              digest.createdAt = now;
              digest.nextAttemptAt = now.plus(config.throttle().digestDelay());
              if (deliveries.insertIfAbsent(digest)) {
                return digest.deliveryId;
              }
              // Another replica opened one between our look and our insert.
              return deliveries.openDigest(userId).orElseThrow().deliveryId;
            });
  }

  private UUID remember(ObjectNode data) {
    UUID userId = uuid(data, "userId");
    recipients.remember(userId, text(data, "email"), text(data, "displayName"));
    return userId;
  }

  private static UUID uuid(JsonNode data, String field) {
    return UUID.fromString(text(data, field));
  }

  private static String text(JsonNode data, String field) {
    JsonNode value = data.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException("event data lacks '" + field + "'");
    }
    return value.asText();
  }
}
