package io.cybernetcall.auth.service;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals an identity provider's refresh token for the database: AES-256-GCM under a key derived
 * (HMAC-SHA-256) from the provider client's secret, which lives in configuration (a Secret), never
 * in the database; the session id is the associated data, so a sealed token opens only for its own
 * session. Layout: 12-byte nonce, then ciphertext and tag.
 */
public final class ProviderTokenSeal {

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final byte[] KEY_LABEL =
      "cybernet-call provider refresh-token seal v1".getBytes(StandardCharsets.UTF_8);

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  public ProviderTokenSeal(String clientSecret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      this.key = new SecretKeySpec(mac.doFinal(KEY_LABEL), "AES");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public byte[] seal(String token, UUID session) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(bytesOf(session));
      byte[] sealed = cipher.doFinal(token.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The token, or an exception when the bytes were not sealed by this key for this session. */
  public String open(byte[] sealed, UUID session) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(
        Cipher.DECRYPT_MODE,
        key,
        new GCMParameterSpec(TAG_BITS, Arrays.copyOf(sealed, NONCE_BYTES)));
    cipher.updateAAD(bytesOf(session));
    byte[] token = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    return new String(token, StandardCharsets.UTF_8);
  }

  private static byte[] bytesOf(UUID id) {
    return ByteBuffer.allocate(16)
        .putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits())
        .array();
  }
}
