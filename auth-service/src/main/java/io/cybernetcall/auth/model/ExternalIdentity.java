package io.cybernetcall.auth.model;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** An identity at an external provider (its issuer and subject) and the account it signs in to. */
@Entity
@Table(name = "external_identity")
public class ExternalIdentity {

  @EmbeddedId public Key key;

  @Column(name = "user_id", nullable = false)
  public UUID userId;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  /** The provider's {@code iss} and {@code sub}: together they name one person for good. */
  @Embeddable
  public record Key(
      @Column(name = "issuer", nullable = false, length = 255) String issuer,
      @Column(name = "subject", nullable = false, length = 255) String subject)
      implements Serializable {}
}
