package io.cybernetcall.auth.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** {@link #blockerId} blocked {@link #blockedId}: no requests, no signaling, not in search. */
@Entity
@Table(name = "user_block")
@IdClass(Block.Key.class)
public class Block {

  @Id
  @Column(name = "blocker_id")
  public UUID blockerId;

  @Id
  @Column(name = "blocked_id")
  public UUID blockedId;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  /** Composite primary key. */
  public record Key(UUID blockerId, UUID blockedId) implements Serializable {
    public Key() {
      this(null, null);
    }
  }
}
