package io.cybernetcall.auth.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An event written with the change it describes, waiting to be relayed to a Redis Stream. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long seq;

  /** The event id consumers deduplicate on; the same on every relay attempt. */
  @Column(nullable = false, unique = true)
  public UUID id;

  @Column(nullable = false, length = 128)
  public String stream;

  @Column(nullable = false, length = 64)
  public String type;

  @Column(nullable = false, length = 64)
  public String subject;

  /** The payload record as JSON. */
  @Column(nullable = false)
  public String payload;

  @Column(name = "occurred_at", nullable = false)
  public Instant occurredAt;

  @Column(name = "published_at")
  public Instant publishedAt;
}
