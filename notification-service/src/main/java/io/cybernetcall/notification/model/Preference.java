package io.cybernetcall.notification.model;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** A user's choice for one notification type (absent means on). */
@Entity
@Table(name = "preference")
public class Preference {

  @EmbeddedId public Key key;

  @Column(nullable = false)
  public boolean enabled;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  /** (user, kind). */
  @Embeddable
  public record Key(@Column(name = "user_id") UUID userId, @Column(name = "kind") String kind)
      implements Serializable {}
}
