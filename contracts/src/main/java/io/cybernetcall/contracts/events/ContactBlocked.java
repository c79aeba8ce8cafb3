package io.cybernetcall.contracts.events;

/**
 * Payload of {@link EventTypes#CONTACT_BLOCKED}: {@code userId} blocked {@code blockedUserId}; any
 * contact between them is gone and neither may signal the other.
 */
public record ContactBlocked(String userId, String blockedUserId) {

  public ContactBlocked {
    Require.present(userId, "userId");
    Require.present(blockedUserId, "blockedUserId");
  }
}
