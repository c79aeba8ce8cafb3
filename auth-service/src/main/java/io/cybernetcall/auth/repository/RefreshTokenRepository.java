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

  public Optional<RefreshToken> findByHash(byte[] tokenHash) {
    return find("tokenHash", tokenHash).firstResultOptional();
  }

  /** The token that replaced {@code token} in its family, if any. */
  public Optional<RefreshToken> findSuccessor(RefreshToken token) {
    return find(
            "familyId = ?1 and issuedAt >= ?2 and id <> ?3 order by issuedAt desc",
            token.familyId,
            token.issuedAt,
            token.id)
        .firstResultOptional();
  }

  public int revokeFamily(UUID familyId, Instant now) {
    return update("revokedAt = ?1 where familyId = ?2 and revokedAt is null", now, familyId);
  }

  public int revokeAllOfUser(UUID userId, Instant now) {
    return update("revokedAt = ?1 where userId = ?2 and revokedAt is null", now, userId);
  }

  public long deleteExpiredBefore(Instant cutoff) {
    return delete("expiresAt < ?1", cutoff);
  }
}
