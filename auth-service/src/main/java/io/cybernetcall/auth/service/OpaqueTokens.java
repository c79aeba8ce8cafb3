package io.cybernetcall.auth.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random bearer secrets (refresh tokens, emailed tokens) and the hash they are stored under. A
 * 256-bit random token needs no salt or slow hash: SHA-256 cannot be reversed or guessed.
 */
public final class OpaqueTokens {

  private static final int TOKEN_BYTES = 32;

  private OpaqueTokens() {}

  public static String newToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    // A fresh instance per token, never a static field: a native image initialises this class at
    // build time, and a SecureRandom seeded then would be baked into the binary and repeat its
    // output in every process started from it. The default (NativePRNG) instances share one
    // /dev/urandom-backed pool, so creating one is cheap.
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
