package io.cybernetcall.auth.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An emailed single-use token (verification or password reset), stored hashed. */
@Entity
@Table(name = "one_time_token")
public class OneTimeToken {

  /** What a token may be used for; a verification token cannot reset a password. */
  public enum Purpose {
    EMAIL_VERIFICATION,
    PASSWORD_RESET
  }

  @Id public UUID id;

  @Column(name = "user_id", nullable = false)
  public UUID userId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 32)
  public Purpose purpose;

  @Column(name = "token_hash", nullable = false)
  public byte[] tokenHash;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "expires_at", nullable = false)
  public Instant expiresAt;

  @Column(name = "used_at")
  public Instant usedAt;
}
