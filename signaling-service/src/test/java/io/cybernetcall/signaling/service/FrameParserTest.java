package io.cybernetcall.signaling.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cybernetcall.platform.json.StrictJson;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Frame validation on its own: every refusal's code, message and ref, without a socket. */
class FrameParserTest {

  private static final String BOB = "6f1c2a34-58b0-4f4e-9b1e-0c7d2d1e9a10";
  private final FrameParser parser = new FrameParser(StrictJson.apply(new ObjectMapper()));

  @Test
  void aValidOfferKeepsItsFields() {
    InboundFrame frame =
        parser.parse(
            "{\"type\":\"offer\",\"ref\":\"r1\",\"to\":\""
                + BOB
                + "\",\"callId\":\"c-1\",\"media\":\"video\",\"sdp\":\"v=0\"}");

    assertThat(frame.type()).isEqualTo("offer");
    assertThat(frame.to()).isEqualTo(UUID.fromString(BOB));
    assertThat(frame.callId()).isEqualTo("c-1");
    assertThat(frame.ref()).isEqualTo("r1");
    assertThat(frame.text("media")).isEqualTo("video");
  }

  @Test
  void theEndOfCandidatesIsANullCandidate() {
    InboundFrame frame =
        parser.parse(
            "{\"type\":\"candidate\",\"to\":\"" + BOB + "\",\"callId\":\"c\",\"candidate\":null}");

    assertThat(frame.body().get("candidate").isNull()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "[1] | malformed-json | A frame is one JSON object.",
        "{\"type\":\"ack\",\"seq\":1,\"seq\":2} | malformed-json | A field appears twice (line 1, column 28).",
        "{\"type\":\"ack\" | malformed-json | The body is not valid JSON (line 1, column 14).",
        "{\"type\":\"teleport\"} | unknown-type | Unknown frame type 'teleport'.",
        "{\"type\":\"ack\",\"seq\":1,\"from\":\"me\"} | invalid-frame | Field 'from' is not allowed in a ack frame.",
        "{\"type\":\"ack\",\"seq\":-1} | invalid-frame | seq must be a non-negative integer.",
        "{\"type\":\"ack\",\"seq\":1.5} | invalid-frame | seq must be a non-negative integer.",
        "{\"type\":\"ringing\",\"to\":\"bob\",\"callId\":\"c\"} | invalid-frame | to must be a user id.",
        "{\"type\":\"ringing\",\"to\":\""
            + BOB
            + "\",\"callId\":\"c d\"} | invalid-frame | callId must be 1-64 characters of A-Z a-z 0-9 _ -.",
        "{\"type\":\"offer\",\"to\":\""
            + BOB
            + "\",\"callId\":\"c\",\"sdp\":\"v=0\",\"media\":\"smell\"} | invalid-frame | media must be audio, video or data.",
        "{\"type\":\"candidate\",\"to\":\""
            + BOB
            + "\",\"callId\":\"c\",\"candidate\":{\"port\":1}} | invalid-frame | candidate field 'port' is not allowed.",
        "{\"type\":42} | invalid-frame | type must be a string.",
      })
  void aBadFrameIsRefusedWithItsCode(String text, String code, String message) {
    FrameException refused = catchThrowableOfType(FrameException.class, () -> parser.parse(text));

    assertThat(refused.code()).isEqualTo(code);
    assertThat(refused.getMessage()).isEqualTo(message);
  }

  @Test
  void aRefusalCarriesTheRefOfTheFrameItRefuses() {
    FrameException refused =
        catchThrowableOfType(
            FrameException.class, () -> parser.parse("{\"type\":\"nope\",\"ref\":\"r-42\"}"));

    assertThat(refused.ref()).isEqualTo("r-42");
  }

  @Test
  void anOversizedSdpIsRefusedBeforeItIsForwarded() {
    String sdp = "a".repeat(48 * 1024 + 1);
    FrameException refused =
        catchThrowableOfType(
            FrameException.class,
            () ->
                parser.parse(
                    "{\"type\":\"answer\",\"to\":\""
                        + BOB
                        + "\",\"callId\":\"c\",\"sdp\":\""
                        + sdp
                        + "\"}"));

    assertThat(refused.getMessage()).isEqualTo("sdp is longer than 49152 characters.");
  }
}
