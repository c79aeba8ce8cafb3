package io.cybernetcall.auth.repository;

import io.cybernetcall.auth.model.OutboxEvent;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEvent, Long> {

  /**
   * The oldest unpublished events, locked so that replicas relaying at once split the work instead
   * of publishing the same event twice in a row (duplicates would still be dropped by the relay).
   */
  @SuppressWarnings("unchecked")
  public List<OutboxEvent> lockNextBatch(int batchSize) {
    return getEntityManager()
        .createNativeQuery(
            "select * from outbox_event where published_at is null order by seq"
                + " limit :limit for update skip locked",
            OutboxEvent.class)
        .setParameter("limit", batchSize)
        .getResultList();
  }

  public long countPending() {
    return count("publishedAt is null");
  }

  public long deletePublishedBefore(Instant cutoff) {
    return delete("publishedAt < ?1", cutoff);
  }
}
