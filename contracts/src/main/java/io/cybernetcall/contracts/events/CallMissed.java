package io.cybernetcall.contracts.events;

/**
 * Payload of {@link EventTypes#CALL_MISSED}: {@code callerId} called {@code calleeId}, who was
 * offline ({@code reason = offline}), did not answer in time ({@code reason = unanswered}), or whom
 * the caller stopped calling after it had rung a while ({@code reason = caller-hung-up}).
 */
public record CallMissed(
    String callId, String callerId, String calleeId, String media, String reason, String at) {

  public CallMissed {
    Require.present(callId, "callId");
    Require.present(callerId, "callerId");
    Require.present(calleeId, "calleeId");
  }
}
