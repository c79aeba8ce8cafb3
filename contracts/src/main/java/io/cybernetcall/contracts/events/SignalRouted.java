package io.cybernetcall.contracts.events;

/**
 * Payload of {@link EventTypes#SIGNAL_ROUTED}: one signal as delivered to {@code recipientId}, with
 * the recipient's sequence number. {@code frame} is the exact JSON frame the recipient received.
 */
public record SignalRouted(
    String signalId, String recipientId, long seq, String senderId, String frame) {}
