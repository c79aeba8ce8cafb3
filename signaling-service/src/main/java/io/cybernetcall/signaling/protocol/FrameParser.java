package io.cybernetcall.signaling.protocol;

import static io.cybernetcall.contracts.signaling.FrameTypes.ACCEPT;
import static io.cybernetcall.contracts.signaling.FrameTypes.ACK;
import static io.cybernetcall.contracts.signaling.FrameTypes.ANSWER;
import static io.cybernetcall.contracts.signaling.FrameTypes.AUTH;
import static io.cybernetcall.contracts.signaling.FrameTypes.BUSY;
import static io.cybernetcall.contracts.signaling.FrameTypes.CANDIDATE;
import static io.cybernetcall.contracts.signaling.FrameTypes.HANGUP;
import static io.cybernetcall.contracts.signaling.FrameTypes.MESSAGE;
import static io.cybernetcall.contracts.signaling.FrameTypes.MESSAGE_RECEIPT;
import static io.cybernetcall.contracts.signaling.FrameTypes.OFFER;
import static io.cybernetcall.contracts.signaling.FrameTypes.REFRESH_ICE_SERVERS;
import static io.cybernetcall.contracts.signaling.FrameTypes.REJECT;
import static io.cybernetcall.contracts.signaling.FrameTypes.RESUME;
import static io.cybernetcall.contracts.signaling.FrameTypes.RINGING;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybernetcall.contracts.signaling.ErrorCodes;
import io.cybernetcall.platform.problem.JsonErrors;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns a client's text frame into an {@link InboundFrame} or a precise refusal. Strict: one JSON
 * object, no duplicate keys, a known {@code type}, exactly the fields that type allows.
 */
@ApplicationScoped
public class FrameParser {

  /** Fields every frame may carry. */
  private static final Set<String> COMMON = Set.of("type", "ref");

  private static final Set<String> PEER = Set.of("to", "callId");

  /** Allowed fields per type, on top of {@link #COMMON}. */
  private static final Map<String, Set<String>> FIELDS =
      Map.ofEntries(
          Map.entry(OFFER, union(PEER, Set.of("sealed", "media"))),
          Map.entry(ANSWER, union(PEER, Set.of("sealed"))),
          Map.entry(CANDIDATE, union(PEER, Set.of("sealed"))),
          Map.entry(RINGING, PEER),
          Map.entry(ACCEPT, PEER),
          Map.entry(REJECT, PEER),
          Map.entry(BUSY, PEER),
          Map.entry(HANGUP, PEER),
          Map.entry(MESSAGE, Set.of("to", "messageId", "sealed")),
          Map.entry(MESSAGE_RECEIPT, Set.of("to", "messageIds", "state")),
          Map.entry(ACK, Set.of("seq")),
          Map.entry(RESUME, Set.of("after")),
          Map.entry(AUTH, Set.of("token")),
          Map.entry(REFRESH_ICE_SERVERS, Set.of()));

  /** What a frame would carry in plaintext were it not sealed: refused with its own code. */
  private static final Set<String> PLAINTEXT = Set.of("sdp", "candidate", "body");

  /** Media kinds of an offer: a call with audio, with video, or a DataChannel-only session. */
  public static final Set<String> MEDIA = Set.of("audio", "video", "data");

  /**
   * A relayed message's sealed text: the web client's 4,000 characters, at up to three bytes each
   * in UTF-8, in base64, with room for the JSON around them.
   */
  public static final int MAX_MESSAGE_CIPHERTEXT_CHARS = 16_896;

  /** Messages one receipt may name. */
  public static final int MAX_RECEIPT_IDS = 100;

  /** What a receipt says of the messages it names. */
  public static final Set<String> RECEIPT_STATES = Set.of("delivered", "read");

  private static final int MAX_REF_CHARS = 64;

  private final ObjectMapper json;

  public FrameParser(ObjectMapper json) {
    this.json = json;
  }

  public InboundFrame parse(String text) {
    JsonNode root;
    try {
      root = json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new FrameException(ErrorCodes.MALFORMED_JSON, JsonErrors.describe(e));
    }
    if (root == null || !root.isObject()) {
      throw new FrameException(ErrorCodes.MALFORMED_JSON, "A frame is one JSON object.");
    }
    ObjectNode body = (ObjectNode) root;
    String ref = optionalText(body, "ref", MAX_REF_CHARS);
    return parse(body, ref);
  }

  /** Validates an already parsed object (the HTTP transport's request body). */
  public InboundFrame parse(ObjectNode body, String ref) {
    try {
      String type = requiredText(body, "type", 32);
      Set<String> allowed = FIELDS.get(type);
      if (allowed == null) {
        throw new FrameException(ErrorCodes.UNKNOWN_TYPE, "Unknown frame type '" + type + "'.");
      }
      for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (allowed.contains("sealed") && PLAINTEXT.contains(name)) {
          throw new FrameException(
              ErrorCodes.SEALING_REQUIRED,
              name + " travels sealed for the recipient's devices (sealed), never in plaintext.");
        }
        if (!allowed.contains(name) && !COMMON.contains(name)) {
          throw new FrameException(
              ErrorCodes.INVALID_FRAME,
              "Field '" + name + "' is not allowed in a " + type + " frame.");
        }
      }
      UUID to = allowed.contains("to") ? uuid(body, "to") : null;
      String callId = allowed.contains("callId") ? callId(body) : null;
      switch (type) {
        case OFFER -> {
          String media = requiredText(body, "media", 8);
          if (!MEDIA.contains(media)) {
            throw new FrameException(
                ErrorCodes.INVALID_FRAME, "media must be audio, video or data.");
          }
          SealedPayload.check(body.get("sealed"), SealedPayload.MAX_CIPHERTEXT_CHARS);
        }
        case ANSWER, CANDIDATE ->
            SealedPayload.check(body.get("sealed"), SealedPayload.MAX_CIPHERTEXT_CHARS);
        case ACK -> nonNegative(body, "seq");
        case RESUME -> nonNegative(body, "after");
        case AUTH -> requiredText(body, "token", 8192);
        case MESSAGE -> {
          messageId(body.get("messageId"), "messageId");
          SealedPayload.check(body.get("sealed"), MAX_MESSAGE_CIPHERTEXT_CHARS);
        }
        case MESSAGE_RECEIPT -> receipt(body);
        default -> {
          // no payload
        }
      }
      return new InboundFrame(type, to, callId, ref, body);
    } catch (FrameException e) {
      throw e.withRef(ref);
    }
  }

  private static void receipt(ObjectNode body) {
    JsonNode ids = body.get("messageIds");
    if (ids == null || !ids.isArray() || ids.isEmpty() || ids.size() > MAX_RECEIPT_IDS) {
      throw new FrameException(
          ErrorCodes.INVALID_FRAME,
          "messageIds must be an array of 1-" + MAX_RECEIPT_IDS + " message ids.");
    }
    for (JsonNode id : ids) {
      messageId(id, "messageIds");
    }
    if (!RECEIPT_STATES.contains(requiredText(body, "state", 16))) {
      throw new FrameException(ErrorCodes.INVALID_FRAME, "state must be delivered or read.");
    }
  }

  private static void messageId(JsonNode id, String field) {
    if (id == null || !id.isTextual() || !TextShapes.isId(id.asText())) {
      throw new FrameException(
          ErrorCodes.INVALID_FRAME, field + " must be 1-64 characters of A-Z a-z 0-9 _ -.");
    }
  }

  private static String callId(ObjectNode body) {
    String callId = requiredText(body, "callId", 64);
    if (!TextShapes.isId(callId)) {
      throw new FrameException(
          ErrorCodes.INVALID_FRAME, "callId must be 1-64 characters of A-Z a-z 0-9 _ -.");
    }
    return callId;
  }

  private static UUID uuid(ObjectNode body, String field) {
    String value = requiredText(body, field, 36);
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw new FrameException(ErrorCodes.INVALID_FRAME, field + " must be a user id.");
    }
  }

  private static void nonNegative(ObjectNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || !node.canConvertToLong() || !node.isIntegralNumber() || node.asLong() < 0) {
      throw new FrameException(
          ErrorCodes.INVALID_FRAME, field + " must be a non-negative integer.");
    }
  }

  private static String requiredText(ObjectNode body, String field, int maxChars) {
    String value = optionalText(body, field, maxChars);
    if (value == null || value.isEmpty()) {
      throw new FrameException(ErrorCodes.INVALID_FRAME, field + " is required.");
    }
    return value;
  }

  private static String optionalText(ObjectNode body, String field, int maxChars) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new FrameException(ErrorCodes.INVALID_FRAME, field + " must be a string.");
    }
    if (node.asText().length() > maxChars) {
      throw new FrameException(
          ErrorCodes.INVALID_FRAME, field + " is longer than " + maxChars + " characters.");
    }
    return node.asText();
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream())
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }
}
