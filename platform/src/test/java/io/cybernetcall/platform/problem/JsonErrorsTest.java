package io.cybernetcall.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cybernetcall.platform.json.StrictJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a client is told about a bad JSON body: its own terms, never a class or library name. */
class JsonErrorsTest {

  /** A request body as the services declare them. */
  public record Register(String username, int age) {}

  private final ObjectMapper json = StrictJson.apply(new ObjectMapper());

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"username\":\"a\",\"age\":1,\"admin\":true} | Unknown field \"admin\".",
        "{\"username\":[1],\"age\":1}            | Field \"username\" is missing or has the wrong type.",
        "{\"username\":\"a\",\"age\":null}       | Field \"age\" is missing or has the wrong type.",
        "{\"username\":\"a\",\"age\":\"x\"}      | Field \"age\" is missing or has the wrong type.",
        "[1]                                     | The body must be a JSON object of the documented shape.",
        "\"s\"                                   | The body must be a JSON object of the documented shape.",
        "{\"username\":\"a\",\"username\":\"b\"} | A field appears twice (line 1, column 27).",
        "{\"username\":                          | The body is not valid JSON (line 1, column 13).",
        "{\"username\":\"a\",\"age\":1} x        | The body is not valid JSON (line 1, column 26).",
      })
  void aBadBodyIsDescribedInTheClientsTerms(String body, String expected) {
    String described = describe(json, body.strip());

    assertThat(described).isEqualTo(expected);
    assertNothingInternal(described);
  }

  @ParameterizedTest
  @CsvSource({"60", "2000"})
  void tooDeepANestingIsRefusedPlainly(int depth) {
    ObjectMapper shallow = StrictJson.apply(new ObjectMapper());
    shallow
        .getFactory()
        .setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(50).build());
    String body = "{\"username\":" + "[".repeat(depth) + "]".repeat(depth) + "}";

    String described = describe(shallow, body, com.fasterxml.jackson.databind.JsonNode.class);

    assertThat(described).isEqualTo("The body nests too deeply or holds a value that is too long.");
  }

  private static String describe(ObjectMapper mapper, String body) {
    return describe(mapper, body, Register.class);
  }

  private static String describe(ObjectMapper mapper, String body, Class<?> target) {
    JsonProcessingException failure =
        catchThrowableOfType(JsonProcessingException.class, () -> mapper.readValue(body, target));
    assertThat(failure).as("the body %s is refused", body).isNotNull();
    return JsonErrors.describe(failure);
  }

  private static void assertNothingInternal(String message) {
    assertThat(message)
        .doesNotContain("java.", "class", "com.fasterxml", "Jackson", "io.cybernetcall", "`");
  }
}
