package io.cybernetcall.notification.listener;

import io.cybernetcall.contracts.events.CallMissed;
import io.cybernetcall.contracts.events.ContactRequested;
import io.cybernetcall.contracts.events.EmailVerificationRequested;
import io.cybernetcall.contracts.events.EventTypes;
import io.cybernetcall.contracts.events.PasswordResetRequested;
import io.cybernetcall.contracts.events.StreamNames;
import io.cybernetcall.contracts.events.UserRegistered;
import io.cybernetcall.notification.config.NotificationConfig;
import io.cybernetcall.notification.service.DeliverySender;
import io.cybernetcall.notification.service.NotificationService;
import io.cybernetcall.platform.events.ConsumerGroup;
import io.cybernetcall.platform.events.EventHandler;
import io.cybernetcall.platform.events.ReceivedEvent;
import io.cybernetcall.platform.events.StreamConsumers;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Reads account, contact and call events through the consumer group {@code notification} and
 * records each one's delivery decision; the platform's consumer acknowledges an event only after
 * that decision is committed, retries while PostgreSQL is unreachable, reclaims what a crashed
 * replica left pending and dead-letters what keeps failing.
 */
@ApplicationScoped
public class NotificationEvents {

  static final String GROUP = "notification";
  private static final Logger LOG = Logger.getLogger(NotificationEvents.class);

  private final StreamConsumers consumers;
  private final NotificationService notifications;
  private final DeliverySender sender;
  private final Clock clock;
  private final String consumerName;
  private final Duration maxEventAge;

  public NotificationEvents(
      StreamConsumers consumers,
      NotificationService notifications,
      DeliverySender sender,
      NotificationConfig config,
      Clock clock) {
    this.consumers = consumers;
    this.notifications = notifications;
    this.sender = sender;
    this.clock = clock;
    this.consumerName = config.replicaId().orElseGet(() -> "notification-" + UUID.randomUUID());
    this.maxEventAge = config.maxEventAge();
  }

  void start(@Observes StartupEvent started) {
    consumers.consume(
        new ConsumerGroup(
            GROUP,
            consumerName,
            List.of(StreamNames.USER_EVENTS, StreamNames.CONTACT_EVENTS, StreamNames.CALL_EVENTS),
            // A first deployment must not mail the streams' history (old welcomes, expired links).
            ConsumerGroup.FROM_NOW),
        EventHandler.oneByOne(this::record));
  }

  private void record(ReceivedEvent event) {
    if (!isRecent(event)) {
      return;
    }
    String id = event.envelope().id();
    boolean waiting =
        switch (event.type()) {
          case EventTypes.USER_REGISTERED ->
              notifications.welcome(id, event.data(UserRegistered.class));
          case EventTypes.USER_EMAIL_VERIFICATION_REQUESTED ->
              notifications.verifyEmail(id, event.data(EmailVerificationRequested.class));
          case EventTypes.USER_PASSWORD_RESET_REQUESTED ->
              notifications.passwordReset(id, event.data(PasswordResetRequested.class));
          case EventTypes.CONTACT_REQUESTED ->
              notifications.contactRequested(id, event.data(ContactRequested.class));
          case EventTypes.CALL_MISSED -> notifications.missedCall(id, event.data(CallMissed.class));
          default -> false;
        };
    if (waiting) {
      sender.poke();
    }
  }

  /** Events older than the configured age (a consumer that was down for a day) are not mailed. */
  private boolean isRecent(ReceivedEvent event) {
    if (event.envelope().occurredAt().isBefore(clock.instant().minus(maxEventAge))) {
      LOG.infof(
          "Not mailing event %s: it occurred at %s",
          event.envelope().id(), event.envelope().occurredAt());
      return false;
    }
    return true;
  }
}
