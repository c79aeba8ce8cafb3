package io.cybernetcall.signaling.listener;

import io.cybernetcall.contracts.events.ContactAccepted;
import io.cybernetcall.contracts.events.ContactBlocked;
import io.cybernetcall.contracts.events.ContactRemoved;
import io.cybernetcall.contracts.events.ContactRequested;
import io.cybernetcall.contracts.events.DeviceKeyChanged;
import io.cybernetcall.contracts.events.EventTypes;
import io.cybernetcall.contracts.events.InboxPolling;
import io.cybernetcall.contracts.events.SessionsRevoked;
import io.cybernetcall.contracts.events.StreamNames;
import io.cybernetcall.platform.events.ConsumerGroup;
import io.cybernetcall.platform.events.EventHandler;
import io.cybernetcall.platform.events.ReceivedEvent;
import io.cybernetcall.platform.events.StreamConsumers;
import io.cybernetcall.signaling.presence.Replica;
import io.cybernetcall.signaling.presence.SessionCloser;
import io.cybernetcall.signaling.routing.ContactCache;
import io.cybernetcall.signaling.service.SignalingService;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;

/**
 * Keeps signaling in step with the other services. Contact events (auth-service) and long-poll
 * presence events (signal-store-service) go through the consumer group {@code signaling}: one
 * replica applies each to the shared state in Redis, in order, and then tells both users' clients
 * that their contact list changed (after the change, so a client that reloads sees it). Contact
 * events are also followed by every replica, each keeping its own memory of who may signal whom
 * (the last {@link ContactCache#REVOCATION_MEMORY} of them read again at start-up, so a replica
 * starting just after a revocation knows it). Session revocations are followed by every replica,
 * since each closes its own sockets.
 */
@ApplicationScoped
public class EventListener {

  static final String GROUP = "signaling";
  private static final Duration APPLY_TIMEOUT = Duration.ofSeconds(5);

  private final StreamConsumers consumers;
  private final ContactCache contacts;
  private final SessionCloser closer;
  private final SignalingService signaling;
  private final Replica replica;

  public EventListener(
      StreamConsumers consumers,
      ContactCache contacts,
      SessionCloser closer,
      SignalingService signaling,
      Replica replica) {
    this.consumers = consumers;
    this.contacts = contacts;
    this.closer = closer;
    this.signaling = signaling;
    this.replica = replica;
  }

  void start(@Observes StartupEvent started) {
    consumers.consume(
        new ConsumerGroup(
            GROUP,
            replica.id(),
            List.of(
                StreamNames.CONTACT_EVENTS, StreamNames.INBOX_EVENTS, StreamNames.DEVICE_EVENTS),
            ConsumerGroup.FROM_START),
        EventHandler.oneByOne(this::apply));
    consumers.follow(
        StreamNames.CONTACT_EVENTS, ContactCache.REVOCATION_MEMORY, this::applyToContactMemory);
    consumers.follow(StreamNames.USER_EVENTS, this::closeRevokedSessions);
  }

  private void applyToContactMemory(ReceivedEvent event) {
    switch (event.type()) {
      case EventTypes.CONTACT_ACCEPTED -> {
        ContactAccepted accepted = event.data(ContactAccepted.class);
        contacts.granted(accepted.userId(), accepted.contactId());
      }
      case EventTypes.CONTACT_REMOVED -> {
        ContactRemoved removed = event.data(ContactRemoved.class);
        contacts.revoked(removed.userId(), removed.contactId());
      }
      case EventTypes.CONTACT_BLOCKED -> {
        ContactBlocked blocked = event.data(ContactBlocked.class);
        contacts.revoked(blocked.userId(), blocked.blockedUserId());
      }
      default -> {}
    }
  }

  private void apply(ReceivedEvent event) {
    Uni<Void> change =
        switch (event.type()) {
          case EventTypes.CONTACT_REQUESTED -> {
            ContactRequested requested = event.data(ContactRequested.class);
            yield signaling.contactsChanged(requested.requesterId(), requested.recipientId());
          }
          case EventTypes.CONTACT_ACCEPTED -> {
            ContactAccepted accepted = event.data(ContactAccepted.class);
            yield contacts
                .grant(accepted.userId(), accepted.contactId())
                .call(() -> signaling.contactsChanged(accepted.userId(), accepted.contactId()));
          }
          case EventTypes.CONTACT_REMOVED -> {
            ContactRemoved removed = event.data(ContactRemoved.class);
            yield contacts
                .revoke(removed.userId(), removed.contactId())
                .call(() -> signaling.contactsChanged(removed.userId(), removed.contactId()));
          }
          case EventTypes.CONTACT_BLOCKED -> {
            ContactBlocked blocked = event.data(ContactBlocked.class);
            yield contacts
                .revoke(blocked.userId(), blocked.blockedUserId())
                .call(() -> signaling.contactsChanged(blocked.userId(), blocked.blockedUserId()));
          }
          case EventTypes.DEVICE_KEY_ADDED, EventTypes.DEVICE_KEY_REMOVED ->
              signaling.keysChanged(event.data(DeviceKeyChanged.class).userId());
          case EventTypes.INBOX_POLLING_STARTED ->
              signaling.longPollStarted(event.data(InboxPolling.class).userId());
          case EventTypes.INBOX_POLLING_STOPPED ->
              signaling.longPollStopped(event.data(InboxPolling.class).userId());
          default -> Uni.createFrom().voidItem();
        };
    change.await().atMost(APPLY_TIMEOUT);
  }

  private void closeRevokedSessions(ReceivedEvent event) {
    if (EventTypes.USER_SESSIONS_REVOKED.equals(event.type())) {
      SessionsRevoked revoked = event.data(SessionsRevoked.class);
      closer.closeRevoked(revoked.userId(), revoked.sessionId());
    }
  }
}
