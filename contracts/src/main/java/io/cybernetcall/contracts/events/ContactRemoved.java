package io.cybernetcall.contracts.events;

/**
 * Payload of {@link EventTypes#CONTACT_REMOVED}: {@code userId} ended an accepted contact with
 * {@code contactId}; neither may signal the other any more.
 */
public record ContactRemoved(String userId, String contactId) {

  public ContactRemoved {
    Require.present(userId, "userId");
    Require.present(contactId, "contactId");
  }
}
