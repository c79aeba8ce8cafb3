package io.cybernetcall.contracts.events;

/**
 * Payload of {@link EventTypes#CONTACT_ACCEPTED}: the two users are now mutual contacts and may
 * signal each other. {@code userId} accepted a request from {@code contactId}.
 */
public record ContactAccepted(String userId, String contactId) {

  public ContactAccepted {
    Require.present(userId, "userId");
    Require.present(contactId, "contactId");
  }
}
