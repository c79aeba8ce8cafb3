package io.cybernetcall.contracts.events;

/**
 * Payload of {@link EventTypes#SIGNAL_ROUTED}: one signal as delivered to {@code recipientId}, with
 * the recipient's sequence number. {@code frame} is the exact JSON frame the recipient received.
 * {@code keepUntil} (ISO-8601, optional) is set for signals that must outlive the store's usual
 * clean-up, whoever acknowledged them: messages to a contact who is away, and their receipts.
 * {@code prevSeq} (optional) is the recipient's previous durable signal when the numbers between it
 * and {@code seq} went to live WebSockets only (ICE candidates): they will never be stored, and
 * nothing should wait for them.
 */
public record SignalRouted(
    String signalId,
    String recipientId,
    long seq,
    String senderId,
    String frame,
    String keepUntil,
    Long prevSeq) {

  public SignalRouted {
    Require.present(signalId, "signalId");
    Require.present(recipientId, "recipientId");
    Require.present(senderId, "senderId");
    Require.present(frame, "frame");
    if (seq < 1) {
      throw new IllegalArgumentException("seq must be a positive integer");
    }
    if (!frame.startsWith("{")) {
      throw new IllegalArgumentException("frame must be a JSON object");
    }
    if (prevSeq != null && (prevSeq < 0 || prevSeq >= seq)) {
      throw new IllegalArgumentException("prevSeq must be below seq");
    }
    if (keepUntil != null) {
      try {
        java.time.Instant.parse(keepUntil);
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException("keepUntil must be an ISO-8601 instant");
      }
    }
  }
}
