package io.cybernetcall.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Signs tokens with the real issuer's key from the directory {@link AuthServiceProcess} gave it, so
 * a test can present tokens the issuer would never hand out (expired ones, for example) that are
 * otherwise genuine.
 */
public final class IssuerKeys {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private IssuerKeys() {}

  /** An RS256 access token signed with key {@code kid}; {@code claimsJson} is the payload. */
  public static String sign(Path keyDir, String kid, String claimsJson) {
    String header = "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}";
    String input =
        B64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + B64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(privateKey(keyDir.resolve(kid + ".pem")));
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + B64.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static PrivateKey privateKey(Path pem) throws GeneralSecurityException {
    try {
      String base64 =
          Files.readString(pem)
              .replace("-----BEGIN PRIVATE KEY-----", "")
              .replace("-----END PRIVATE KEY-----", "")
              .replaceAll("\\s", "");
      return KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
