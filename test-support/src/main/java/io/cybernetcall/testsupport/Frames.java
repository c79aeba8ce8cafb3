package io.cybernetcall.testsupport;

/**
 * Reads a frame's top-level {@code type} without a JSON library (the benchmark and the demo have
 * none): a small scanner that skips strings and nested values, so an SDP that contains the text
 * {@code "type"} cannot fool it.
 */
public final class Frames {

  private Frames() {}

  /** The top-level string field {@code type}, or null. */
  public static String type(String frame) {
    return topLevelString(frame, "type");
  }

  /** A top-level string field of a JSON object, or null when absent or not a string. */
  public static String topLevelString(String json, String field) {
    int depth = 0;
    int i = 0;
    while (i < json.length()) {
      char c = json.charAt(i);
      if (c == '"') {
        int end = endOfString(json, i);
        if (depth == 1 && json.substring(i + 1, end).equals(field)) {
          int colon = skipSpace(json, end + 1);
          if (colon < json.length() && json.charAt(colon) == ':') {
            int value = skipSpace(json, colon + 1);
            if (value < json.length() && json.charAt(value) == '"') {
              return json.substring(value + 1, endOfString(json, value));
            }
            return null;
          }
        }
        i = end + 1;
        continue;
      }
      if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      }
      i++;
    }
    return null;
  }

  private static int endOfString(String json, int openingQuote) {
    int i = openingQuote + 1;
    while (i < json.length() && json.charAt(i) != '"') {
      i += json.charAt(i) == '\\' ? 2 : 1;
    }
    return i;
  }

  private static int skipSpace(String json, int from) {
    int i = from;
    while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
      i++;
    }
    return i;
  }
}
