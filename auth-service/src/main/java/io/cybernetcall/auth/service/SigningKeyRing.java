package io.cybernetcall.auth.service;

import io.cybernetcall.auth.config.AuthConfig;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The RS256 keys this issuer signs with and publishes. All keys in the key directory are in the
 * JWKS; one of them signs. Rotation without rejecting a valid token: add the next key (it is
 * published on the next reload, before it signs), make it active once verifiers had time to fetch
 * the JWKS, and remove the old key after the longest access-token lifetime has passed.
 */
@ApplicationScoped
@Startup
public class SigningKeyRing {

  private static final Logger LOG = Logger.getLogger(SigningKeyRing.class);
  private static final String PEM_SUFFIX = ".pem";
  private static final String ACTIVE_KID_FILE = "active-kid";
  private static final int RSA_BITS = 2048;

  /** One private key and the public half derived from it. */
  public record SigningKey(String kid, RSAPrivateCrtKey privateKey, RSAPublicKey publicKey) {}

  private record Snapshot(Map<String, SigningKey> keys, SigningKey active) {}

  private final AuthConfig config;
  private volatile Snapshot snapshot;

  public SigningKeyRing(AuthConfig config) {
    this.config = config;
    this.snapshot = load();
  }

  public SigningKey active() {
    return snapshot.active();
  }

  /** Every published key, active one included. */
  public List<SigningKey> published() {
    return List.copyOf(snapshot.keys().values());
  }

  /** Re-reads the key directory; a broken directory keeps the last good keys and logs why. */
  @Scheduled(identity = "signing-key-reload", every = "${auth.signing.reload-interval:60s}")
  public void reload() {
    try {
      Snapshot next = load();
      if (!next.keys().keySet().equals(snapshot.keys().keySet())
          || !next.active().kid().equals(snapshot.active().kid())) {
        LOG.infof("Signing keys now %s, active %s", next.keys().keySet(), next.active().kid());
      }
      snapshot = next;
    } catch (RuntimeException e) {
      LOG.errorf("Keeping previous signing keys, reload failed: %s", e.getMessage());
    }
  }

  private Snapshot load() {
    Path dir = config.signing().keyDir().orElseGet(this::ensureDevKey);
    Map<String, SigningKey> keys = readKeys(dir);
    if (keys.isEmpty()) {
      throw new IllegalStateException("No signing key (*.pem) in " + dir);
    }
    String activeKid = activeKid(dir, keys);
    SigningKey active = keys.get(activeKid);
    if (active == null) {
      throw new IllegalStateException(
          "Active signing key '" + activeKid + "' is not among " + keys.keySet() + " in " + dir);
    }
    return new Snapshot(keys, active);
  }

  private String activeKid(Path dir, Map<String, SigningKey> keys) {
    Optional<String> configured = config.signing().activeKid();
    if (configured.isPresent()) {
      return configured.get();
    }
    Path activeFile = dir.resolve(ACTIVE_KID_FILE);
    if (Files.isRegularFile(activeFile)) {
      return read(activeFile).trim();
    }
    if (keys.size() == 1) {
      return keys.keySet().iterator().next();
    }
    throw new IllegalStateException(
        "Several signing keys in " + dir + ": set auth.signing.active-kid or an active-kid file");
  }

  private static Map<String, SigningKey> readKeys(Path dir) {
    Map<String, SigningKey> keys = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> pems =
          files
              .filter(f -> f.getFileName().toString().endsWith(PEM_SUFFIX))
              .filter(Files::isRegularFile)
              .sorted(Comparator.comparing(Path::toString))
              .toList();
      for (Path pem : pems) {
        String name = pem.getFileName().toString();
        String kid = name.substring(0, name.length() - PEM_SUFFIX.length());
        keys.put(kid, parse(kid, read(pem)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read signing key directory " + dir, e);
    }
    return keys;
  }

  static SigningKey parse(String kid, String pem) {
    String base64 =
        pem.replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    try {
      KeyFactory factory = KeyFactory.getInstance("RSA");
      RSAPrivateCrtKey privateKey =
          (RSAPrivateCrtKey)
              factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
      if (privateKey.getModulus().bitLength() < RSA_BITS) {
        throw new IllegalStateException("Signing key " + kid + " is shorter than 2048 bits");
      }
      RSAPublicKey publicKey =
          (RSAPublicKey)
              factory.generatePublic(
                  new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
      return new SigningKey(kid, privateKey, publicKey);
    } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
      throw new IllegalStateException(
          "Signing key " + kid + " is not a PKCS#8 PEM RSA private key", e);
    }
  }

  /** A PKCS#8 PEM for a new RSA key; also what operators can use to make keys (see docs). */
  public static String newPrivateKeyPem() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(RSA_BITS);
      byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
      String body =
          Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
      return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA is required by every Java platform", e);
    }
  }

  private Path ensureDevKey() {
    Path dir = config.signing().devKeyDir();
    try {
      Files.createDirectories(dir);
      try (Stream<Path> files = Files.list(dir)) {
        if (files.anyMatch(f -> f.toString().endsWith(PEM_SUFFIX))) {
          return dir;
        }
      }
      Path pem = dir.resolve("dev-" + LocalDate.now() + PEM_SUFFIX);
      Files.writeString(pem, newPrivateKeyPem());
      restrictToOwner(pem);
      LOG.warnf(
          "No auth.signing.key-dir configured: generated a development signing key in %s. "
              + "Configure real keys (AUTH_SIGNING_KEY_DIR) in production.",
          pem);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create development signing key in " + dir, e);
    }
  }

  private static void restrictToOwner(Path file) {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException e) {
      LOG.debugf("Could not restrict permissions of %s: %s", file, e.getMessage());
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  /** The JWK (RFC 7517) of a public key, as published at the jwks_uri. */
  public static Map<String, Object> toJwk(SigningKey key) {
    Map<String, Object> jwk = new LinkedHashMap<>();
    jwk.put("kty", "RSA");
    jwk.put("kid", key.kid());
    jwk.put("use", "sig");
    jwk.put("alg", "RS256");
    jwk.put("n", base64Url(key.publicKey().getModulus()));
    jwk.put("e", base64Url(key.publicKey().getPublicExponent()));
    return jwk;
  }

  private static String base64Url(BigInteger value) {
    byte[] bytes = value.toByteArray();
    // BigInteger adds a sign byte when the top bit is set; JWK wants the unsigned magnitude.
    if (bytes.length > 1 && bytes[0] == 0) {
      byte[] unsigned = new byte[bytes.length - 1];
      System.arraycopy(bytes, 1, unsigned, 0, unsigned.length);
      bytes = unsigned;
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
