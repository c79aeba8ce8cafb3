package io.cybernetcall.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cybernetcall.platform.json.StrictJson;
import java.io.IOException;
import java.util.List;

/**
 * Any bytes as a request body, read the way every service reads one (strict JSON into a record or a
 * tree): it is either read or refused with a JSON error the problem mapping describes in the
 * client's terms. Anything else would be a 500. A regression test on every build (the seeds);
 * {@code JAZZER_FUZZ=1 ./mvnw -pl platform test -Dtest=JsonBodyFuzzTest} fuzzes for 10 minutes.
 */
class JsonBodyFuzzTest {

  /** A body shaped like the services' request records. */
  public record Body(String username, int seq, List<String> tags, Body nested) {}

  private static final List<String> INTERNALS =
      List.of("java.", "io.cybernetcall", "com.fasterxml", "jackson", "Exception", "class ", "`");

  private final ObjectMapper json = StrictJson.apply(new ObjectMapper());

  @FuzzTest(maxDuration = "10m")
  void anyBodyIsReadOrRefusedInTheClientsTerms(FuzzedDataProvider data) {
    boolean asTree = data.consumeBoolean();
    byte[] body = data.consumeRemainingAsBytes();
    try {
      if (asTree) {
        json.readValue(body, JsonNode.class);
      } else {
        json.readValue(body, Body.class);
      }
    } catch (IOException refused) {
      // What ProblemMappers answers with: a 400 in the client's terms, or null for a 500.
      String detail = JsonErrors.describe(refused);
      assertThat(detail).as("a 400 for %s, not a 500", refused).isNotBlank();
      assertNothingInternal(detail, new String(body, java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  /** Internal names in the message, other than what the client itself sent and sees echoed. */
  private static void assertNothingInternal(String message, String input) {
    for (String internal : INTERNALS) {
      if (!input.contains(internal)) {
        assertThat(message).doesNotContain(internal);
      }
    }
  }
}
