package io.cybernetcall.auth.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.cybernetcall.auth.support.Accounts;
import io.cybernetcall.auth.support.Accounts.Account;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ExpiredTokenCleanupTest {

  @Inject ExpiredTokenCleanup cleanup;
  @Inject EntityManager entityManager;

  @Test
  void deletesOnlyTokensExpiredMoreThanADayAgo() {
    Account expired = Accounts.create("old");
    Account recent = Accounts.create("new");
    sql(
        "update refresh_token set expires_at = now() - interval '2 days' where user_id = cast(?1 as uuid)",
        expired.id());
    sql(
        "update one_time_token set expires_at = now() - interval '2 days' where user_id = cast(?1 as uuid)",
        expired.id());
    sql(
        "update refresh_token set expires_at = now() - interval '1 hour' where user_id = cast(?1 as uuid)",
        recent.id());

    cleanup.deleteExpired();

    assertThat(count("refresh_token", expired.id())).isZero();
    assertThat(count("one_time_token", expired.id())).isZero();
    assertThat(count("refresh_token", recent.id())).isEqualTo(1);
    assertThat(count("one_time_token", recent.id())).isEqualTo(1);
  }

  private void sql(String statement, String userId) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                entityManager.createNativeQuery(statement).setParameter(1, userId).executeUpdate());
  }

  private long count(String table, String userId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                ((Number)
                        entityManager
                            .createNativeQuery(
                                "select count(*) from "
                                    + table
                                    + " where user_id = cast(?1 as uuid)")
                            .setParameter(1, userId)
                            .getSingleResult())
                    .longValue());
  }
}
