package io.cybernetcall.notification.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One email decided on: sent, waiting, refused by policy, or failed. */
@Entity
@Table(name = "delivery")
public class Delivery {

  public static final String PENDING = "pending";
  public static final String SENT = "sent";
  public static final String FAILED = "failed";
  public static final String THROTTLED = "throttled";
  public static final String SUPPRESSED = "suppressed";
  public static final String FOLDED = "folded";

  /** The causing event's id (or the digest's own id): the idempotency key. */
  @Id
  @Column(name = "delivery_id")
  public String deliveryId;

  @Column(nullable = false)
  public String kind;

  @Column(name = "user_id")
  public UUID userId;

  @Column(nullable = false)
  public String email;

  @Column(nullable = false)
  public String status;

  /** The event's data as JSON, rendered into the template at send time. */
  @Column(nullable = false)
  public String payload;

  @Column(nullable = false)
  public int attempts;

  @Column(name = "next_attempt_at", nullable = false)
  public Instant nextAttemptAt;

  @Column(name = "last_error")
  public String lastError;

  @Column(name = "digest_id")
  public String digestId;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "sent_at")
  public Instant sentAt;
}
