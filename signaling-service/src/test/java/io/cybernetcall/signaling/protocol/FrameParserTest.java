package io.cybernetcall.signaling.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybernetcall.platform.json.StrictJson;
import io.cybernetcall.testsupport.SealedPayloads;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Frame validation on its own: every refusal's code, message and ref, without a socket. */
class FrameParserTest {

  private static final String BOB = "6f1c2a34-58b0-4f4e-9b1e-0c7d2d1e9a10";
  private static final String DEVICE = "0b9d3c55-2a1e-4f7e-8d7c-5e3f1a2b4c6d";
  private final FrameParser parser = new FrameParser(StrictJson.apply(new ObjectMapper()));

  @Test
  void aValidOfferKeepsItsFields() {
    InboundFrame frame =
        parser.parse(
            "{\"type\":\"offer\",\"ref\":\"r1\",\"to\":\""
                + BOB
                + "\",\"callId\":\"c-1\",\"media\":\"video\",\"sealed\":"
                + SealedPayloads.json()
                + "}");

    assertThat(frame.type()).isEqualTo("offer");
    assertThat(frame.to()).isEqualTo(UUID.fromString(BOB));
    assertThat(frame.callId()).isEqualTo("c-1");
    assertThat(frame.ref()).isEqualTo("r1");
    assertThat(frame.text("media")).isEqualTo("video");
  }

  @Test
  void aCandidateSealedForSeveralDevicesIsOneFrame() {
    UUID[] devices = new UUID[SealedPayload.MAX_DEVICES];
    Arrays.setAll(devices, i -> UUID.randomUUID());
    InboundFrame frame = parser.parse(candidate(SealedPayloads.json(devices)));

    assertThat(frame.body().get("sealed").get("keys").size()).isEqualTo(SealedPayload.MAX_DEVICES);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "offer | ,\"media\":\"audio\",\"sdp\":\"v=0\" | sdp travels sealed for the recipient's devices (sealed), never in plaintext.",
        "answer | ,\"sdp\":\"v=0\" | sdp travels sealed for the recipient's devices (sealed), never in plaintext.",
        "candidate | ,\"candidate\":null | candidate travels sealed for the recipient's devices (sealed), never in plaintext.",
      })
  void plaintextSdpAndCandidatesAreRefusedWithTheirOwnCode(
      String type, String extra, String message) {
    FrameException refused =
        catchThrowableOfType(
            FrameException.class,
            () ->
                parser.parse(
                    "{\"type\":\"%s\",\"to\":\"%s\",\"callId\":\"c\"%s}"
                        .formatted(type, BOB, extra)));

    assertThat(refused.code()).isEqualTo("sealing-required");
    assertThat(refused.getMessage()).isEqualTo(message);
  }

  @Test
  void aFrameWithoutItsSealedPayloadIsRefused() {
    FrameException refused =
        catchThrowableOfType(
            FrameException.class,
            () -> parser.parse("{\"type\":\"candidate\",\"to\":\"" + BOB + "\",\"callId\":\"c\"}"));

    assertThat(refused.code()).isEqualTo("invalid-frame");
    assertThat(refused.getMessage()).startsWith("sealed is required");
  }

  /** The sealed payload with one field replaced (or, with value null, removed). */
  private static String sealedWith(String field, String value) {
    ObjectNode sealed = (ObjectNode) read(SealedPayloads.json(UUID.fromString(DEVICE)));
    if (value == null) {
      sealed.remove(field);
    } else {
      sealed.set(field, read(value));
    }
    return sealed.toString();
  }

  private static JsonNode read(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static String candidate(String sealed) {
    return "{\"type\":\"candidate\",\"to\":\""
        + BOB
        + "\",\"callId\":\"c\",\"sealed\":"
        + sealed
        + "}";
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        "v | 2 | sealed.v must be 1.",
        "v | NULL | sealed needs v.",
        "sender | \"phone\" | sealed.sender must be a device id.",
        "iv | \"AAAA\" | sealed.iv must be 16 characters.",
        "ct | \"not base64!\" | sealed.ct must be base64 text.",
        "ct | 42 | sealed.ct must be base64 text.",
        "sig | \"\" | sealed.sig must be 1-256 characters.",
        "keys | {} | sealed.keys must name 1-16 devices.",
        "keys | {\"phone\":{\"iv\":\"AAAAAAAAAAAAAAAA\",\"wrapped\":\"AAAA\"}} | a device in sealed.keys must be a device id.",
        "keys | {\"0b9d3c55-2a1e-4f7e-8d7c-5e3f1a2b4c6d\":{\"iv\":\"AAAAAAAAAAAAAAAA\"}} | sealed.keys.0b9d3c55-2a1e-4f7e-8d7c-5e3f1a2b4c6d needs wrapped.",
        "sdp | \"v=0\" | Field 'sdp' is not allowed in sealed.",
      })
  void aSealedPayloadNotShapedAsTheClientsMakeItIsRefused(
      String field, String value, String message) {
    FrameException refused =
        catchThrowableOfType(
            FrameException.class, () -> parser.parse(candidate(sealedWith(field, value))));

    assertThat(refused.code()).isEqualTo("invalid-frame");
    assertThat(refused.getMessage()).isEqualTo(message);
  }

  @Test
  void aPayloadSealedForTooManyDevicesIsRefused() {
    UUID[] devices = new UUID[SealedPayload.MAX_DEVICES + 1];
    Arrays.setAll(devices, i -> UUID.randomUUID());
    FrameException refused =
        catchThrowableOfType(
            FrameException.class, () -> parser.parse(candidate(SealedPayloads.json(devices))));

    assertThat(refused.getMessage()).isEqualTo("sealed.keys must name 1-16 devices.");
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
            + "\",\"callId\":\"c\",\"media\":\"smell\"} | invalid-frame | media must be audio, video or data.",
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
  void anOversizedPayloadIsRefusedBeforeItIsForwarded() {
    String ciphertext = "A".repeat(SealedPayload.MAX_CIPHERTEXT_CHARS + 4);
    FrameException refused =
        catchThrowableOfType(
            FrameException.class,
            () -> parser.parse(candidate(SealedPayloads.json(ciphertext, UUID.randomUUID()))));

    assertThat(refused.getMessage()).isEqualTo("sealed.ct must be 1-57344 characters.");
  }
}
