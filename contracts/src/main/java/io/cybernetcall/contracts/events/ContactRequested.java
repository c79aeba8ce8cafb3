package io.cybernetcall.contracts.events;

/**
 * Payload of {@link EventTypes#CONTACT_REQUESTED}: {@code requesterId} asked {@code recipientId}.
 */
public record ContactRequested(
    String requesterId,
    String requesterUsername,
    String requesterDisplayName,
    String recipientId,
    String recipientEmail,
    String recipientDisplayName) {

  public ContactRequested {
    Require.present(requesterId, "requesterId");
    Require.present(recipientId, "recipientId");
  }
}
