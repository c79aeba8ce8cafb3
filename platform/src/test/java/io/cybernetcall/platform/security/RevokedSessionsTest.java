package io.cybernetcall.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RevokedSessionsTest {

  private static final Instant T0 = Instant.parse("2026-12-02T08:00:00.400Z");

  @Test
  void anEndedSessionsTokensAreRefusedAndOtherSessionsAreNot() {
    RevokedSessions revoked = new RevokedSessions(Duration.ofMinutes(15), fixed(T0));

    revoked.sessionEnded("s1", T0);

    assertThat(revoked.isRevoked("alice", "s1", T0.minusSeconds(60))).isTrue();
    assertThat(revoked.isRevoked("alice", "s2", T0.minusSeconds(60))).isFalse();
  }

  @Test
  void endingEverySessionRefusesTokensIssuedInAnEarlierSecondOnly() {
    RevokedSessions revoked = new RevokedSessions(Duration.ofMinutes(15), fixed(T0));

    revoked.allSessionsEnded("alice", T0);

    assertThat(revoked.isRevoked("alice", "s1", Instant.parse("2026-12-02T07:59:59Z"))).isTrue();
    // iat has whole seconds: a token of this second may be the session started right after.
    assertThat(revoked.isRevoked("alice", "s9", Instant.parse("2026-12-02T08:00:00Z"))).isFalse();
    assertThat(revoked.isRevoked("bob", "s1", Instant.parse("2026-12-02T07:59:59Z"))).isFalse();
  }

  @Test
  void revocationsOlderThanAnyTokenAreForgotten() {
    MutableClock clock = new MutableClock(T0);
    RevokedSessions revoked = new RevokedSessions(Duration.ofMinutes(15), clock);
    revoked.sessionEnded("old", T0);
    revoked.allSessionsEnded("alice", T0);

    clock.now = T0.plus(Duration.ofMinutes(16));
    revoked.sessionEnded("new", clock.now);

    assertThat(revoked.size()).isEqualTo(1);
    assertThat(revoked.isRevoked("x", "new", T0)).isTrue();
  }

  private static Clock fixed(Instant at) {
    return Clock.fixed(at, ZoneOffset.UTC);
  }

  private static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
