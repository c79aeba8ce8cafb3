package io.cybernetcall.signalstore.repository;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A signal read from a {@code signal.routed} event, not yet stored; {@code keepUntil} is null for a
 * signal under the usual clean-up, {@code prevSeq} null when the recipient's previous stored signal
 * is {@code seq - 1}.
 */
public record NewSignal(
    UUID signalId,
    UUID recipientId,
    long seq,
    UUID senderId,
    String frame,
    OffsetDateTime keepUntil,
    Long prevSeq) {}
