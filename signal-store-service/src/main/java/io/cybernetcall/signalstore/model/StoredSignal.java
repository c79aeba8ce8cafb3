package io.cybernetcall.signalstore.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** The durable copy of one routed signal. Rows are written by the event consumer only. */
@Entity
@Table(name = "stored_signal")
public class StoredSignal {

  @Id
  @Column(name = "signal_id")
  public UUID signalId;

  @Column(name = "recipient_id", nullable = false)
  public UUID recipientId;

  @Column(nullable = false)
  public long seq;

  @Column(name = "sender_id", nullable = false)
  public UUID senderId;

  /** The exact JSON frame as the recipient's sockets received it. */
  @Column(nullable = false)
  public String frame;

  /**
   * The recipient's stored signal before this one when the numbers between were never stored (ICE
   * candidates to live WebSockets); null when it is {@code seq - 1}.
   */
  @Column(name = "prev_seq")
  public Long prevSeq;

  @Column(name = "stored_at", nullable = false)
  public OffsetDateTime storedAt;

  @Column(name = "acked_at")
  public OffsetDateTime ackedAt;
}
