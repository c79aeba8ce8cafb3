package io.cybernetcall.signaling.protocol;

/**
 * The character shapes frame fields are checked against, as plain loops: every ICE candidate checks
 * five base64 fields and a call id, and a regular expression there was a sixth of the relay's Java
 * CPU (docs/benchmarks.md, "Where a frame's CPU goes").
 */
final class TextShapes {

  private static final int MAX_ID_CHARS = 64;

  private TextShapes() {}

  /**
   * Base64 with padding (RFC 4648 section 4): a whole number of four-character groups of A-Z a-z
   * 0-9 + /, the last of which may end in one or two '='. The empty text is base64 too.
   */
  static boolean isBase64(String text) {
    int length = text.length();
    if (length % 4 != 0) {
      return false;
    }
    int end = length;
    if (end > 0 && text.charAt(end - 1) == '=') {
      end--;
      if (text.charAt(end - 1) == '=') {
        end--;
      }
    }
    for (int i = 0; i < end; i++) {
      if (!isBase64Digit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** A call or message id: 1-64 characters of A-Z a-z 0-9 _ -. */
  static boolean isId(String text) {
    int length = text.length();
    if (length == 0 || length > MAX_ID_CHARS) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (!isAlphanumeric(c) && c != '_' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isBase64Digit(char c) {
    return isAlphanumeric(c) || c == '+' || c == '/';
  }

  private static boolean isAlphanumeric(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}
