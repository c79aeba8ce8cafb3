package io.cybernetcall.testsupport;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * Sealed payloads as the servers see them: the envelope the browser client makes ({@code
 * logic/sealed-signal.js}), filled with random bytes of the real sizes. The servers never open one,
 * so for them this is a real payload; what opening does is tested in the browser.
 */
public final class SealedPayloads {

  private static final SecureRandom RANDOM = new SecureRandom();

  private SealedPayloads() {}

  /** A payload sealed for one device of the recipient, as JSON. */
  public static String json() {
    return json(UUID.randomUUID());
  }

  /** A payload sealed for {@code devices}, as JSON. */
  public static String json(UUID... devices) {
    return json(bytes(200), devices);
  }

  /**
   * A payload whose ciphertext is {@code ciphertext} (base64 text: a benchmark's marker, see {@link
   * #ciphertext}), sealed for {@code devices} (for one device if none is named).
   */
  public static String json(String ciphertext, UUID... devices) {
    if (devices.length == 0) {
      devices = new UUID[] {UUID.randomUUID()};
    }
    StringBuilder keys = new StringBuilder();
    for (UUID device : devices) {
      keys.append(keys.isEmpty() ? "" : ",")
          .append(
              "\"%s\":{\"iv\":\"%s\",\"wrapped\":\"%s\"}".formatted(device, bytes(12), bytes(48)));
    }
    return "{\"v\":1,\"sender\":\"%s\",\"epk\":\"%s\",\"iv\":\"%s\",\"ct\":\"%s\",\"keys\":{%s},\"sig\":\"%s\"}"
        .formatted(UUID.randomUUID(), bytes(91), bytes(12), ciphertext, keys, bytes(64));
  }

  /**
   * Ciphertext of about {@code size} characters that carries {@code marker} (letters and digits)
   * readably, for a benchmark to find its timestamps in: base64 text to the server like any other.
   */
  public static String ciphertext(String marker, int size) {
    if (!marker.matches("[A-Za-z0-9]+")) {
      throw new IllegalArgumentException("a marker is letters and digits");
    }
    int length = Math.max(marker.length(), size);
    return marker + "A".repeat(length + (4 - length % 4) % 4 - marker.length());
  }

  private static String bytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }
}
