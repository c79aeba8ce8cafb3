package io.cybernetcall.notification.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybernetcall.contracts.events.CallMissed;
import io.cybernetcall.contracts.events.ContactRequested;
import io.cybernetcall.contracts.events.EmailVerificationRequested;
import io.cybernetcall.contracts.events.PasswordResetRequested;
import io.cybernetcall.contracts.events.UserRegistered;
import io.cybernetcall.notification.config.NotificationConfig;
import io.cybernetcall.notification.model.Delivery;
import io.cybernetcall.notification.model.Recipient;
import io.cybernetcall.notification.repository.DeliveryRepository;
import io.cybernetcall.notification.repository.PreferenceRepository;
import io.cybernetcall.notification.repository.RecipientRepository;
import io.cybernetcall.platform.events.UnreadableEvent;
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
  private final ObjectMapper json;
  private final Clock clock;

  public NotificationService(
      DeliveryRepository deliveries,
      RecipientRepository recipients,
      PreferenceRepository preferences,
      NotificationMetrics metrics,
      NotificationConfig config,
      ObjectMapper json,
      Clock clock) {
    this.deliveries = deliveries;
    this.recipients = recipients;
    this.preferences = preferences;
    this.metrics = metrics;
    this.config = config;
    this.json = json;
    this.clock = clock;
  }

  // Each method records what one event means for email, in one transaction, and returns whether
  // an email is now waiting to be sent. A redelivered event finds its row and decides nothing.

  @Transactional
  public boolean welcome(String eventId, UserRegistered user) {
    UUID userId = uuid(user.userId());
    recipients.remember(userId, user.email(), user.displayName());
    return plan(eventId, NotificationKind.WELCOME, userId, user.email(), json.valueToTree(user));
  }

  @Transactional
  public boolean verifyEmail(String eventId, EmailVerificationRequested request) {
    UUID userId = uuid(request.userId());
    recipients.remember(userId, request.email(), request.displayName());
    return plan(
        eventId, NotificationKind.VERIFY_EMAIL, userId, request.email(), json.valueToTree(request));
  }

  @Transactional
  public boolean passwordReset(String eventId, PasswordResetRequested request) {
    UUID userId = uuid(request.userId());
    recipients.remember(userId, request.email(), request.displayName());
    return plan(
        eventId,
        NotificationKind.PASSWORD_RESET,
        userId,
        request.email(),
        json.valueToTree(request));
  }

  @Transactional
  public boolean contactRequested(String eventId, ContactRequested request) {
    UUID recipientId = uuid(request.recipientId());
    recipients.remember(recipientId, request.recipientEmail(), request.recipientDisplayName());
    return plan(
        eventId,
        NotificationKind.CONTACT_REQUEST,
        recipientId,
        request.recipientEmail(),
        json.valueToTree(request));
  }

  @Transactional
  public boolean missedCall(String eventId, CallMissed call) {
    if ("data".equals(call.media())) {
      return false;
    }
    Recipient callee = recipients.findById(uuid(call.calleeId()));
    if (callee == null) {
      LOG.warnf("Missed call %s: no address known for the callee; not mailed", eventId);
      return false;
    }
    Recipient caller = recipients.findById(uuid(call.callerId()));
    ObjectNode data = json.valueToTree(call);
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
        .openDigest(userId, NotificationKind.MISSED_CALL_DIGEST.id())
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
              return deliveries
                  .openDigest(userId, NotificationKind.MISSED_CALL_DIGEST.id())
                  .orElseThrow()
                  .deliveryId;
            });
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new UnreadableEvent("a user id is not a UUID");
    }
  }
}
