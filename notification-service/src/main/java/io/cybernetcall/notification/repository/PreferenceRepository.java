package io.cybernetcall.notification.repository;

import io.cybernetcall.notification.model.Preference;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class PreferenceRepository implements PanacheRepositoryBase<Preference, Preference.Key> {

  public boolean enabled(UUID userId, String kind) {
    Preference preference = findById(new Preference.Key(userId, kind));
    return preference == null || preference.enabled;
  }

  public List<Preference> of(UUID userId) {
    return list("key.userId", userId);
  }

  /** Sets one preference. Needs a transaction. */
  public void set(UUID userId, String kind, boolean enabled) {
    getEntityManager()
        .createNativeQuery(
            """
            insert into preference (user_id, kind, enabled, updated_at) values (?1, ?2, ?3, ?4)
            on conflict (user_id, kind) do update
              set enabled = excluded.enabled, updated_at = excluded.updated_at
            """)
        .setParameter(1, userId)
        .setParameter(2, kind)
        .setParameter(3, enabled)
        .setParameter(4, Instant.now())
        .executeUpdate();
  }
}
