package io.cybernetcall.notification.repository;

import io.cybernetcall.notification.model.Delivery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class DeliveryRepository implements PanacheRepositoryBase<Delivery, String> {

  /**
   * Inserts the delivery unless one with its id exists (a redelivered event); returns whether it
   * was inserted. Needs a transaction.
   */
  public boolean insertIfAbsent(Delivery delivery) {
    return getEntityManager()
            .createNativeQuery(
                """
                insert into delivery (delivery_id, kind, user_id, email, status, payload, attempts,
                                      next_attempt_at, digest_id, created_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7, ?8, ?9)
                on conflict do nothing
                """)
            .setParameter(1, delivery.deliveryId)
            .setParameter(2, delivery.kind)
            .setParameter(3, delivery.userId)
            .setParameter(4, delivery.email)
            .setParameter(5, delivery.status)
            .setParameter(6, delivery.payload)
            .setParameter(7, delivery.nextAttemptAt)
            .setParameter(8, delivery.digestId)
            .setParameter(9, delivery.createdAt)
            .executeUpdate()
        == 1;
  }

  /** Emails of a kind to an address since {@code since} that count against the throttle. */
  public long countedSince(String email, String kind, Instant since) {
    return count(
        "email = ?1 and kind = ?2 and createdAt >= ?3 and status in (?4, ?5)",
        email,
        kind,
        since,
        Delivery.PENDING,
        Delivery.SENT);
  }

  /**
   * The user's digest (of kind {@code digestKind}) still waiting to be sent, locked. Needs a
   * transaction.
   */
  public Optional<Delivery> openDigest(UUID userId, String digestKind) {
    return find("userId = ?1 and kind = ?2 and status = ?3", userId, digestKind, Delivery.PENDING)
        .withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
        .firstResultOptional();
  }

  /**
   * Claims due emails: pushes their due time a lease ahead (so no other sender takes them; if this
   * one crashes they are due again after the lease) and counts the attempt. Needs a transaction.
   */
  @SuppressWarnings("unchecked")
  public List<Delivery> claimDue(Instant now, Instant leaseUntil, int limit) {
    return getEntityManager()
        .createNativeQuery(
            """
            update delivery set next_attempt_at = ?2, attempts = attempts + 1
            where delivery_id in (
              select delivery_id from delivery
              -- the literal matches the partial index delivery_due
              where status = 'pending' and next_attempt_at <= ?1
              order by next_attempt_at limit ?3 for update skip locked)
            returning *
            """,
            Delivery.class)
        .setParameter(1, now)
        .setParameter(2, leaseUntil)
        .setParameter(3, limit)
        .getResultList();
  }

  public List<Delivery> foldedInto(String digestId) {
    return list("digestId", Sort.by("createdAt"), digestId);
  }

  public List<Delivery> failed(int limit) {
    return find("status", Sort.by("createdAt").descending(), Delivery.FAILED)
        .page(Page.ofSize(limit))
        .list();
  }

  public long countByStatus(String status) {
    return count("status", status);
  }
}
