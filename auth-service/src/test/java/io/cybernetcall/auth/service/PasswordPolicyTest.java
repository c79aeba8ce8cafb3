package io.cybernetcall.auth.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cybernetcall.platform.problem.Problem;
import io.cybernetcall.platform.problem.ProblemException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The password rules on their own: no Quarkus, no database. */
class PasswordPolicyTest {

  private final PasswordPolicy policy = new PasswordPolicy(10, 128);

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "short1!          | Password must be at least 10 characters long.",
        "password123      | Password is too common; choose one that is not on lists of leaked passwords.",
        "PASSWORD123      | Password is too common; choose one that is not on lists of leaked passwords.",
        "abababababab     | Password repeats too few different characters.",
        "xx-Alice-2026-yy | Password must not contain the username.",
        "zz-wonder-2026   | Password must not contain the email address.",
      })
  void aWeakPasswordIsRefusedWithItsReasonOnThePasswordField(String password, String reason) {
    ProblemException refused =
        catchThrowableOfType(
            ProblemException.class, () -> policy.check(password, "alice", "wonder@example.test"));

    assertThat(refused.kind()).isEqualTo(AuthProblem.WEAK_PASSWORD);
    assertThat(refused.getMessage()).isEqualTo(reason);
    assertThat(refused.errors()).containsExactly(new Problem.FieldError("password", reason));
  }

  @ParameterizedTest
  @CsvSource({"correct horse battery staple", "Tr0ub4dor&3-long", "ünïcödé-pässwörd"})
  void aStrongPasswordPasses(String password) {
    assertThatCode(() -> policy.check(password, "alice", "alice@example.test"))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @CsvSource({"9, false", "10, true", "128, true", "129, false"})
  void lengthIsCountedInCharactersNotBytes(int length, boolean accepted) {
    String password = "ö1a2b3c4d5".repeat(13).substring(0, length);

    boolean passed;
    try {
      policy.check(password, "bob", "bob@example.test");
      passed = true;
    } catch (ProblemException e) {
      passed = false;
    }

    assertThat(passed).isEqualTo(accepted);
  }
}
