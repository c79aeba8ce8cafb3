package io.cybernetcall.auth.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The usernames an account provisioned from an identity provider may get, best first. A provider's
 * username claim is often not valid here (spaces, an email address, too long) or already taken: it
 * is made valid (lower case; letters, digits, '.', '_', '-'; 3 to 32 characters, starting with a
 * letter or digit), then numbered ({@code carol}, {@code carol-2}, …, {@code carol-99}); an
 * identity with no usable claim gets {@code user-} and a digest of its issuer and subject.
 */
public final class ExternalAccountNames {

  static final int MAX_LENGTH = 32;
  static final int MIN_LENGTH = 3;
  private static final int MAX_NUMBER = 99;

  private ExternalAccountNames() {}

  /** Candidates in order; the caller takes the first that is free. */
  public static Stream<String> candidates(String claimed, String issuer, String subject) {
    String base = valid(claimed);
    if (base == null) base = "user-" + digest(issuer + "\n" + subject);
    String stem = base;
    Stream<String> numbered =
        IntStream.rangeClosed(2, MAX_NUMBER)
            .mapToObj(
                n -> {
                  String suffix = "-" + n;
                  return stem.substring(0, Math.min(stem.length(), MAX_LENGTH - suffix.length()))
                      + suffix;
                });
    return Stream.concat(Stream.of(base), numbered);
  }

  /** The claim made into a valid username, or null when too little of it is usable. */
  static String valid(String claimed) {
    if (claimed == null) return null;
    String local = claimed.contains("@") ? claimed.substring(0, claimed.indexOf('@')) : claimed;
    String cleaned =
        local
            .trim()
            .toLowerCase(Locale.ROOT)
            .replaceAll("\\s+", "-")
            .replaceAll("[^a-z0-9._-]", "")
            .replaceAll("^[._-]+", "");
    if (cleaned.length() > MAX_LENGTH) cleaned = cleaned.substring(0, MAX_LENGTH);
    return cleaned.length() >= MIN_LENGTH ? cleaned : null;
  }

  private static String digest(String value) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
