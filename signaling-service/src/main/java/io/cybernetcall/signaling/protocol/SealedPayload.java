package io.cybernetcall.signaling.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.cybernetcall.contracts.signaling.ErrorCodes;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The shape of a sealed payload ({@code sealed} in offer, answer, candidate and message frames),
 * the only way those frames carry an SDP, an ICE candidate or a message's text. The server cannot
 * open it and does not try: it checks that it is the envelope the clients make, and no bigger than
 * it needs to be, so nothing else rides along (docs/protocol.md, "Sealed payloads"). Whether it is
 * authentic is for the recipient's device to find out, with the sender device's key from the key
 * directory.
 */
final class SealedPayload {

  static final int VERSION = 1;

  /**
   * Devices one frame is sealed for: the key directory's limit per person (10) and room to spare,
   * so a limit raised there does not refuse frames here at once.
   */
  static final int MAX_DEVICES = 16;

  /** The encrypted payload: an SDP of up to about 42 KiB, in base64, within a 64 KiB frame. */
  static final int MAX_CIPHERTEXT_CHARS = 56 * 1024;

  private static final Set<String> FIELDS = Set.of("v", "sender", "epk", "iv", "ct", "keys", "sig");
  private static final Set<String> KEY_FIELDS = Set.of("iv", "wrapped");

  // Sizes of what WebCrypto makes: a P-256 SubjectPublicKeyInfo (91 bytes), a 96-bit IV, a wrapped
  // 256-bit key with its tag (48 bytes), a raw P-256 ECDSA signature (64 bytes); with room to
  // spare.
  private static final int MAX_KEY_CHARS = 256;
  private static final int IV_CHARS = 16;
  private static final int MAX_WRAPPED_CHARS = 128;
  private static final int MAX_SIGNATURE_CHARS = 256;

  private SealedPayload() {}

  static void check(JsonNode sealed, int maxCiphertextChars) {
    if (sealed == null || !sealed.isObject()) {
      throw refused("sealed is required: the payload travels sealed for the recipient's devices.");
    }
    onlyFields(sealed, FIELDS, "sealed");
    JsonNode version = sealed.get("v");
    if (version == null || !version.isInt() || version.asInt() != VERSION) {
      throw refused("sealed.v must be " + VERSION + ".");
    }
    deviceId(sealed.get("sender"), "sealed.sender");
    base64(sealed, "epk", 1, MAX_KEY_CHARS, "sealed");
    base64(sealed, "iv", IV_CHARS, IV_CHARS, "sealed");
    base64(sealed, "ct", 1, maxCiphertextChars, "sealed");
    base64(sealed, "sig", 1, MAX_SIGNATURE_CHARS, "sealed");
    JsonNode keys = sealed.get("keys");
    if (keys == null || !keys.isObject() || keys.isEmpty() || keys.size() > MAX_DEVICES) {
      throw refused("sealed.keys must name 1-" + MAX_DEVICES + " devices.");
    }
    for (Iterator<Map.Entry<String, JsonNode>> entries = keys.fields(); entries.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = entries.next();
      deviceId(entry.getKey(), "a device in sealed.keys");
      JsonNode key = entry.getValue();
      String where = "sealed.keys." + entry.getKey();
      if (!key.isObject()) {
        throw refused(where + " must be an object.");
      }
      onlyFields(key, KEY_FIELDS, where);
      base64(key, "iv", IV_CHARS, IV_CHARS, where);
      base64(key, "wrapped", 1, MAX_WRAPPED_CHARS, where);
    }
  }

  private static void onlyFields(JsonNode node, Set<String> allowed, String where) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw refused("Field '" + name + "' is not allowed in " + where + ".");
      }
    }
    for (String name : allowed) {
      if (!node.has(name)) {
        throw refused(where + " needs " + name + ".");
      }
    }
  }

  private static void deviceId(JsonNode node, String what) {
    deviceId(node != null && node.isTextual() ? node.asText() : "", what);
  }

  private static void deviceId(String text, String what) {
    try {
      if (text.length() == 36) {
        UUID.fromString(text);
        return;
      }
    } catch (IllegalArgumentException e) {
      // refused below
    }
    throw refused(what + " must be a device id.");
  }

  private static void base64(JsonNode node, String field, int min, int max, String where) {
    JsonNode value = node.get(field);
    String name = where + "." + field;
    if (value == null || !value.isTextual()) {
      throw refused(name + " must be base64 text.");
    }
    String text = value.asText();
    if (text.length() < min || text.length() > max) {
      throw refused(
          min == max
              ? name + " must be " + max + " characters."
              : name + " must be " + min + "-" + max + " characters.");
    }
    if (!TextShapes.isBase64(text)) {
      throw refused(name + " must be base64 text.");
    }
  }

  private static FrameException refused(String message) {
    return new FrameException(ErrorCodes.INVALID_FRAME, message);
  }
}
