package io.cybernetcall.auth.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds compact JWS by hand, so a test controls every header field: what an attacker can send, not
 * what a well-behaved JWT library would let them.
 */
public final class Jws {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private Jws() {}

  public static String rs256(
      Map<String, Object> header, Map<String, Object> claims, PrivateKey key) {
    String input = signingInput(header, claims);
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(key);
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + B64.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String hs256(
      Map<String, Object> header, Map<String, Object> claims, byte[] secret) {
    String input = signingInput(header, claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return input
          + "."
          + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String unsigned(Map<String, Object> header, Map<String, Object> claims) {
    return signingInput(header, claims) + ".";
  }

  public static KeyPair attackerKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String signingInput(Map<String, Object> header, Map<String, Object> claims) {
    try {
      return B64.encodeToString(JSON.writeValueAsBytes(header))
          + "."
          + B64.encodeToString(JSON.writeValueAsBytes(claims));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
