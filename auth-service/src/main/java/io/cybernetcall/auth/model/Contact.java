package io.cybernetcall.auth.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** One direction of a relationship, as seen by {@link #userId}. */
@Entity
@Table(name = "contact")
@IdClass(Contact.Key.class)
public class Contact {

  /** The relationship from {@link #userId}'s point of view. */
  public enum State {
    /** userId asked contactId; waiting for an answer. */
    OUTGOING,
    /** contactId asked userId. */
    INCOMING,
    /** Mutual contacts: they may call and message each other. */
    ACCEPTED
  }

  @Id
  @Column(name = "user_id")
  public UUID userId;

  @Id
  @Column(name = "contact_id")
  public UUID contactId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  public State state;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  /** Composite primary key. */
  public record Key(UUID userId, UUID contactId) implements Serializable {
    public Key() {
      this(null, null);
    }
  }
}
