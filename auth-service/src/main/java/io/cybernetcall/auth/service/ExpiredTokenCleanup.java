package io.cybernetcall.auth.service;

import io.cybernetcall.auth.repository.OneTimeTokenRepository;
import io.cybernetcall.auth.repository.RefreshTokenRepository;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Deletes refresh and emailed tokens a day after they expired. They are unusable from the moment
 * they expire; the extra day keeps a revoked family visible while someone investigates a reuse.
 */
@ApplicationScoped
public class ExpiredTokenCleanup {

  private static final Logger LOG = Logger.getLogger(ExpiredTokenCleanup.class);
  private static final Duration KEEP_AFTER_EXPIRY = Duration.ofDays(1);

  private final RefreshTokenRepository refreshTokens;
  private final OneTimeTokenRepository oneTimeTokens;
  private final Clock clock;

  public ExpiredTokenCleanup(
      RefreshTokenRepository refreshTokens, OneTimeTokenRepository oneTimeTokens, Clock clock) {
    this.refreshTokens = refreshTokens;
    this.oneTimeTokens = oneTimeTokens;
    this.clock = clock;
  }

  @Scheduled(identity = "expired-token-cleanup", every = "1h", delayed = "5m")
  @Transactional
  void deleteExpired() {
    Instant cutoff = clock.instant().minus(KEEP_AFTER_EXPIRY);
    long refresh = refreshTokens.deleteExpiredBefore(cutoff);
    long emailed = oneTimeTokens.deleteExpiredBefore(cutoff);
    if (refresh + emailed > 0) {
      LOG.debugf(
          "Deleted %d expired refresh tokens and %d expired emailed tokens", refresh, emailed);
    }
  }
}
