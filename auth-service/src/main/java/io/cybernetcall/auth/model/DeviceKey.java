package io.cybernetcall.auth.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** One device of {@link #userId} in the key directory, with its public keys (SPKI, base64). */
@Entity
@Table(name = "device_key")
@IdClass(DeviceKey.Key.class)
public class DeviceKey {

  @Id
  @Column(name = "user_id")
  public UUID userId;

  @Id
  @Column(name = "device_id")
  public UUID deviceId;

  /** ECDSA P-256: the device signs what it seals. */
  @Column(name = "signing_key", nullable = false, length = 200)
  public String signingKey;

  /** ECDH P-256: senders agree on a key with it to seal frames for this device. */
  @Column(name = "agreement_key", nullable = false, length = 200)
  public String agreementKey;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  /** Composite primary key. */
  public record Key(UUID userId, UUID deviceId) implements Serializable {
    public Key() {
      this(null, null);
    }
  }
}
