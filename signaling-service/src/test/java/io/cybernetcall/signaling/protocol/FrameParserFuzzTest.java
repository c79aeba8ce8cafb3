package io.cybernetcall.signaling.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cybernetcall.platform.json.StrictJson;
import java.util.List;

/**
 * Any text as a WebSocket frame: the parser accepts it as a frame or refuses it with a frame error
 * whose code is one of the protocol's and whose message names nothing internal; it never throws
 * anything else (which would close the socket as an unexpected failure). Seeds on every build;
 * {@code JAZZER_FUZZ=1 ./mvnw -pl signaling-service test -Dtest=FrameParserFuzzTest} fuzzes for 10
 * minutes.
 */
class FrameParserFuzzTest {

  private static final List<String> CODES =
      List.of("malformed-json", "unknown-type", "invalid-frame", "sealing-required");
  private static final List<String> INTERNALS =
      List.of("java.", "io.cybernetcall", "com.fasterxml", "jackson", "Exception", "class ", "`");

  private final FrameParser parser = new FrameParser(StrictJson.apply(new ObjectMapper()));

  @FuzzTest(maxDuration = "10m")
  void anyTextIsAFrameOrAFrameError(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    try {
      InboundFrame frame = parser.parse(text);
      assertThat(frame.type()).isNotBlank();
    } catch (FrameException refused) {
      assertThat(refused.code()).isIn(CODES);
      assertThat(refused.getMessage()).isNotBlank();
      assertNothingInternal(refused.getMessage(), text);
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
