package io.cybernetcall.notification.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A user's address and name, as the latest auth-service event told them. */
@Entity
@Table(name = "recipient")
public class Recipient {

  @Id
  @Column(name = "user_id")
  public UUID userId;

  @Column(nullable = false)
  public String email;

  @Column(name = "display_name", nullable = false)
  public String displayName;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;
}
