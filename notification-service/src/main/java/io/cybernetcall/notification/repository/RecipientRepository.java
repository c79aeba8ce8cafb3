package io.cybernetcall.notification.repository;

import io.cybernetcall.notification.model.Recipient;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

@ApplicationScoped
public class RecipientRepository implements PanacheRepositoryBase<Recipient, UUID> {

  /** Records the latest address and name of a user. Needs a transaction. */
  public void remember(UUID userId, String email, String displayName) {
    getEntityManager()
        .createNativeQuery(
            """
            insert into recipient (user_id, email, display_name, updated_at)
            values (?1, ?2, ?3, ?4)
            on conflict (user_id) do update
              set email = excluded.email, display_name = excluded.display_name,
                  updated_at = excluded.updated_at
            """)
        .setParameter(1, userId)
        .setParameter(2, email)
        .setParameter(3, displayName)
        .setParameter(4, Instant.now())
        .executeUpdate();
  }
}
