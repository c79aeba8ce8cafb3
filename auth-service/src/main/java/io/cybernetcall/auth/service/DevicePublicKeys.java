package io.cybernetcall.auth.service;

import io.cybernetcall.platform.problem.CommonProblem;
import io.cybernetcall.platform.problem.Problem;
import io.cybernetcall.platform.problem.ProblemException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * The only keys the directory takes: P-256 public keys as SubjectPublicKeyInfo DER in base64, which
 * is what a browser's WebCrypto exports. Checked by the JDK's own parser, so a malformed point or
 * another curve is refused before it reaches a contact's browser.
 */
final class DevicePublicKeys {

  // The order of P-256's base point (FIPS 186-4, D.1.2.3): tells it from other 256-bit curves.
  private static final BigInteger P256_ORDER =
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

  private DevicePublicKeys() {}

  /** Refuses anything but a P-256 public key, naming the field. */
  static void requireP256(String field, String base64) {
    byte[] der;
    try {
      der = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw invalid(field, "must be base64");
    }
    PublicKey key;
    try {
      key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw invalid(field, "must be a P-256 public key (SubjectPublicKeyInfo)");
    }
    if (!(key instanceof ECPublicKey ec) || !P256_ORDER.equals(ec.getParams().getOrder())) {
      throw invalid(field, "must be a P-256 public key (SubjectPublicKeyInfo)");
    }
  }

  private static ProblemException invalid(String field, String message) {
    return new ProblemException(
        CommonProblem.VALIDATION,
        "The device's keys are not valid.",
        List.of(new Problem.FieldError(field, message)));
  }
}
