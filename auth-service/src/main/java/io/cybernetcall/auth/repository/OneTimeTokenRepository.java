package io.cybernetcall.auth.repository;

import io.cybernetcall.auth.model.OneTimeToken;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class OneTimeTokenRepository implements PanacheRepositoryBase<OneTimeToken, UUID> {

  public Optional<OneTimeToken> findByHashForUpdate(byte[] tokenHash) {
    return find("tokenHash", tokenHash)
        .withLock(LockModeType.PESSIMISTIC_WRITE)
        .firstResultOptional();
  }

  /** A new token of a purpose supersedes the user's older unused ones. */
  public int invalidateUnused(UUID userId, OneTimeToken.Purpose purpose, Instant now) {
    return update(
        "usedAt = ?1 where userId = ?2 and purpose = ?3 and usedAt is null", now, userId, purpose);
  }

  public long deleteExpiredBefore(Instant cutoff) {
    return delete("expiresAt < ?1", cutoff);
  }
}
