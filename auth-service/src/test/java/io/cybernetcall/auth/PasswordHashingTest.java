package io.cybernetcall.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.cybernetcall.auth.support.Accounts;
import io.cybernetcall.auth.support.Accounts.Account;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PasswordHashingTest {

  @Inject EntityManager entityManager;

  @Test
  void passwordsAreStoredAsArgon2idPhcWithOwaspParameters() {
    Account account = Accounts.create("phc");
    assertThat(storedHash(account.id()))
        .startsWith("$argon2id$v=19$m=19456,t=2,p=1$")
        .doesNotContain(Accounts.PASSWORD);
  }

  @Test
  void hashWithOlderWeakerParametersIsUpgradedAtNextLogin() {
    Account account = Accounts.create("legacy");
    String weak =
        Password.hash(Accounts.PASSWORD)
            .addRandomSalt(16)
            .with(Argon2Function.getInstance(4096, 1, 1, 32, Argon2.ID, 19))
            .getResult();
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                entityManager
                    .createNativeQuery(
                        "update app_user set password_hash = ?1 where id = cast(?2 as uuid)")
                    .setParameter(1, weak)
                    .setParameter(2, account.id())
                    .executeUpdate());

    Accounts.login(account.username(), Accounts.PASSWORD);

    assertThat(storedHash(account.id())).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    // ...and the upgraded hash still verifies.
    Accounts.login(account.username(), Accounts.PASSWORD);
  }

  private String storedHash(String userId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                (String)
                    entityManager
                        .createNativeQuery(
                            "select password_hash from app_user where id = cast(?1 as uuid)")
                        .setParameter(1, userId)
                        .getSingleResult());
  }
}
