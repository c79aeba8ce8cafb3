package io.cybernetcall.contracts.events;

/** Checks a payload's required fields as it is built, by a producer or by a consumer's decoder. */
final class Require {

  private Require() {}

  static void present(String value, String field) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(field + " is missing");
    }
  }
}
