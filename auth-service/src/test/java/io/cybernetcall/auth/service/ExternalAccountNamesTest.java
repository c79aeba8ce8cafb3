package io.cybernetcall.auth.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExternalAccountNamesTest {

  private static List<String> firstThree(String claimed) {
    return ExternalAccountNames.candidates(claimed, "https://idp.example", "subject-1")
        .limit(3)
        .toList();
  }

  @Test
  void aValidClaimComesFirstThenNumberedVariants() {
    assertThat(firstThree("carol")).containsExactly("carol", "carol-2", "carol-3");
  }

  @ParameterizedTest
  @CsvSource({
    "Carol,carol",
    "carol@example.test,carol",
    "'Carol Ann Smith','carol-ann-smith'",
    "'  __bob','bob'",
    "Zoë,zo",
  })
  void claimsAreMadeValid(String claimed, String expected) {
    String valid = ExternalAccountNames.valid(claimed);
    if (expected.length() < ExternalAccountNames.MIN_LENGTH) assertThat(valid).isNull();
    else assertThat(valid).isEqualTo(expected);
  }

  @Test
  void everyCandidateFitsTheUsernameRules() {
    String longClaim = "a".repeat(60);
    assertThat(ExternalAccountNames.candidates(longClaim, "https://idp.example", "s"))
        .hasSize(99)
        .allSatisfy(
            name -> assertThat(name).hasSizeBetween(3, 32).matches("^[a-z0-9][a-z0-9._-]{2,31}$"));
  }

  @Test
  void anUnusableClaimGetsANameFromTheIdentityStableAndDistinct() {
    String first = firstThree(null).get(0);
    assertThat(first).matches("^user-[0-9a-f]{10}$");
    assertThat(firstThree("").get(0)).isEqualTo(first);
    assertThat(
            ExternalAccountNames.candidates("!!", "https://idp.example", "subject-2")
                .findFirst()
                .orElseThrow())
        .isNotEqualTo(first);
  }
}
