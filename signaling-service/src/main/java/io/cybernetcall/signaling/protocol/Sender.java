package io.cybernetcall.signaling.protocol;

/**
 * Who sent a frame, taken from the authenticated connection or request, never from the frame:
 * {@code userId} is the token's subject, {@code sessionId} the socket (or {@code http:<sid>}).
 */
public record Sender(String userId, String sessionId, String bearerToken) {}
