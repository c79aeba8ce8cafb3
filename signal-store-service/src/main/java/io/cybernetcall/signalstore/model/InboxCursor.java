package io.cybernetcall.signalstore.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** The highest sequence number a recipient acknowledged. */
@Entity
@Table(name = "inbox_cursor")
public class InboxCursor {

  @Id
  @Column(name = "recipient_id")
  public UUID recipientId;

  @Column(name = "acked_seq", nullable = false)
  public long ackedSeq;

  @Column(name = "updated_at", nullable = false)
  public OffsetDateTime updatedAt;
}
