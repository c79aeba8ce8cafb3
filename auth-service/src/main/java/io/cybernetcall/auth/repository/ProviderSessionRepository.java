package io.cybernetcall.auth.repository;

import io.cybernetcall.auth.model.ProviderSession;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ProviderSessionRepository implements PanacheRepositoryBase<ProviderSession, UUID> {

  /** Sessions whose check is due, oldest first. */
  public List<ProviderSession> due(Instant now, int limit) {
    return find("nextCheckAt <= ?1", Sort.by("nextCheckAt"), now).page(0, limit).list();
  }

  /** Forgets sessions that ended here (signed out, revoked, expired): nothing left to check. */
  public long deleteEnded() {
    return delete(
        "familyId not in (select r.familyId from RefreshToken r where r.revokedAt is null"
            + " and r.expiresAt > current_timestamp)");
  }

  /** The sessions started from one provider session (its {@code sid}). */
  public List<ProviderSession> bySid(String issuer, String providerSid) {
    return list("issuer = ?1 and providerSid = ?2", issuer, providerSid);
  }

  /** Every SSO session of a person from one provider. */
  public List<ProviderSession> ofUser(String issuer, UUID userId) {
    return list("issuer = ?1 and userId = ?2", issuer, userId);
  }
}
