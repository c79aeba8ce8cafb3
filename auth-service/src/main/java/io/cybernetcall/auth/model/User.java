package io.cybernetcall.auth.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A registered account. Username and email are stored lower-cased, so uniqueness ignores case. */
@Entity
@Table(name = "app_user")
public class User {

  @Id public UUID id;

  @Column(nullable = false, length = 32)
  public String username;

  @Column(nullable = false, length = 254)
  public String email;

  @Column(name = "display_name", nullable = false, length = 64)
  public String displayName;

  /**
   * Argon2id hash in PHC string form; carries its own parameters. Null for an account provisioned
   * from an identity provider, which signs in only through it.
   */
  @Column(name = "password_hash")
  public String passwordHash;

  @Column(name = "email_verified", nullable = false)
  public boolean emailVerified;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;
}
