package io.cybernetcall.signalstore.repository;

import java.util.UUID;

/** A signal read from a {@code signal.routed} event, not yet stored. */
public record NewSignal(UUID signalId, UUID recipientId, long seq, UUID senderId, String frame) {}
