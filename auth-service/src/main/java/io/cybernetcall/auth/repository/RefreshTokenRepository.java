package io.cybernetcall.auth.repository;

import io.cybernetcall.auth.model.RefreshToken;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class RefreshTokenRepository implements PanacheRepositoryBase<RefreshToken, UUID> {

  /** Locks the row so two concurrent exchanges of one token cannot both succeed. */
  public Optional<RefreshToken> findByHashForUpdate(byte[] tokenHash) {
    return find("tokenHash", tokenHash)
        .withLock(LockModeType.PESSIMISTIC_WRITE)
        .firstResultOptional();
  }

  public int revokeFamily(UUID familyId, Instant now) {
    return update("revokedAt = ?1 where familyId = ?2 and revokedAt is null", now, familyId);
  }

  /** The sessions (token families) of the user that are still active. */
  public java.util.List<UUID> activeFamiliesOf(UUID userId) {
    return getEntityManager()
        .createQuery(
            "select distinct r.familyId from RefreshToken r"
                + " where r.userId = ?1 and r.revokedAt is null",
            UUID.class)
        .setParameter(1, userId)
        .getResultList();
  }

  public int revokeAllOfUser(UUID userId, Instant now) {
    return update("revokedAt = ?1 where userId = ?2 and revokedAt is null", now, userId);
  }

  public long deleteExpiredBefore(Instant cutoff) {
    return delete("expiresAt < ?1", cutoff);
  }
}
