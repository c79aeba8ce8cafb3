package io.cybernetcall.contracts.events;

/**
 * Payload of {@link EventTypes#INBOX_POLLING_STARTED} and {@link EventTypes#INBOX_POLLING_STOPPED}:
 * {@code userId} began long-polling its inbox (no earlier poll still counted), or its last
 * long-poll ended more than the presence grace ago.
 */
public record InboxPolling(String userId) {

  public InboxPolling {
    Require.present(userId, "userId");
  }
}
