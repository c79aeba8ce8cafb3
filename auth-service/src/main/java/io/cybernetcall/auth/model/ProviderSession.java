package io.cybernetcall.auth.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A session started through an identity provider: the refresh-token family here, and the provider's
 * refresh token (sealed) that tells whether the person's session there still lives.
 */
@Entity
@Table(name = "provider_session")
public class ProviderSession {

  @Id
  @Column(name = "family_id")
  public UUID familyId;

  @Column(name = "user_id", nullable = false)
  public UUID userId;

  @Column(nullable = false, length = 255)
  public String issuer;

  @Column(name = "sealed_token", nullable = false)
  public byte[] sealedToken;

  @Column(name = "next_check_at", nullable = false)
  public Instant nextCheckAt;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;
}
