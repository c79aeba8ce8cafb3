package io.cybernetcall.auth.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A session started through an identity provider: the refresh-token family here, the provider's
 * refresh token (sealed) that tells whether the person's session there still lives, and what
 * signing out there takes: its ID token (sealed; the hint of an RP-initiated logout) and its
 * session id (named by its back-channel logout).
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

  @Column(name = "sealed_id_token")
  public byte[] sealedIdToken;

  @Column(name = "provider_sid", length = 255)
  public String providerSid;

  @Column(name = "next_check_at", nullable = false)
  public Instant nextCheckAt;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;
}
