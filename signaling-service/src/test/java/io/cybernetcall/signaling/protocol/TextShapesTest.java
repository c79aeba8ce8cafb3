package io.cybernetcall.signaling.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextShapesTest {

  // The shapes as the regular expressions they replace: the loops must agree with them.
  private static final Pattern BASE64 =
      Pattern.compile("(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  @ParameterizedTest
  @ValueSource(strings = {"", "AAAA", "AA==", "AAA=", "ab+/", "Zm9vYmFy", "Zm9vYg==", "Zm9vYmE="})
  void base64AsWebCryptoClientsWriteItIsBase64(String text) {
    assertThat(TextShapes.isBase64(text)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "A",
        "AA",
        "AAA",
        "A===",
        "====",
        "=AAA",
        "AA=A",
        "AAAA=",
        "AAA-",
        "AA_A",
        "AA A",
        "AAÀA",
        "Zm9v\nYmFy",
        "AA==AAAA"
      })
  void anythingElseIsNot(String text) {
    assertThat(TextShapes.isBase64(text)).isFalse();
  }

  @Test
  void everyEncodingOfRandomBytesIsBase64() {
    Random random = new Random(7);
    for (int length = 0; length < 100; length++) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      assertThat(TextShapes.isBase64(Base64.getEncoder().encodeToString(bytes))).isTrue();
      assertThat(TextShapes.isBase64(Base64.getUrlEncoder().encodeToString(bytes)))
          .isEqualTo(BASE64.matcher(Base64.getUrlEncoder().encodeToString(bytes)).matches());
    }
  }

  @Test
  void theLoopsAgreeWithTheRegularExpressionsOnRandomText() {
    Random random = new Random(42);
    String alphabet = "Aa9+/=_- \u00e9z";
    for (int i = 0; i < 200_000; i++) {
      StringBuilder text = new StringBuilder();
      for (int n = random.nextInt(70); n > 0; n--) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String candidate = text.toString();
      assertThat(TextShapes.isBase64(candidate))
          .as(candidate)
          .isEqualTo(BASE64.matcher(candidate).matches());
      assertThat(TextShapes.isId(candidate))
          .as(candidate)
          .isEqualTo(ID.matcher(candidate).matches());
    }
  }

  @Test
  void anIdIsOneToSixtyFourCharactersOfItsAlphabet() {
    assertThat(TextShapes.isId("call_1-A")).isTrue();
    assertThat(TextShapes.isId("x".repeat(64))).isTrue();
    assertThat(TextShapes.isId("x".repeat(65))).isFalse();
    assertThat(TextShapes.isId("")).isFalse();
    assertThat(TextShapes.isId("call 1")).isFalse();
    assertThat(TextShapes.isId("call.1")).isFalse();
  }
}
