package io.cybernetcall.auth.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One issued refresh token. Its family is the login session it belongs to. */
@Entity
@Table(name = "refresh_token")
public class RefreshToken {

  @Id public UUID id;

  @Column(name = "family_id", nullable = false)
  public UUID familyId;

  @Column(name = "user_id", nullable = false)
  public UUID userId;

  /** SHA-256 of the opaque token; the token itself is never stored. */
  @Column(name = "token_hash", nullable = false)
  public byte[] tokenHash;

  @Column(name = "issued_at", nullable = false)
  public Instant issuedAt;

  @Column(name = "expires_at", nullable = false)
  public Instant expiresAt;

  /** When it was exchanged for its successor; a second exchange is reuse. */
  @Column(name = "used_at")
  public Instant usedAt;

  /** The token issued in exchange for this one. */
  @Column(name = "replaced_by")
  public UUID replacedBy;

  @Column(name = "revoked_at")
  public Instant revokedAt;

  /** When it was exchanged a second time, within the grace window; a third use is reuse. */
  @Column(name = "retried_at")
  public Instant retriedAt;

  /**
   * When a retry of its predecessor replaced it before it was used. Presenting it afterwards is
   * reuse: whoever retried was not the only holder of the predecessor's response.
   */
  @Column(name = "superseded_at")
  public Instant supersededAt;
}
