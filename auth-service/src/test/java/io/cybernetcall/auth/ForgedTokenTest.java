package io.cybernetcall.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.cybernetcall.auth.service.SigningKeyRing;
import io.cybernetcall.auth.support.Accounts;
import io.cybernetcall.auth.support.Accounts.Account;
import io.cybernetcall.auth.support.Jws;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way of forging or bending a token, each presented to an endpoint protected by an unmodified
 * quarkus-oidc verifier that trusts this issuer. The positive control proves the hand-built tokens
 * are right except for the one thing each case breaks.
 */
@QuarkusTest
class ForgedTokenTest {

  private static final KeyPair ATTACKER = Jws.attackerKeyPair();

  @Inject SigningKeyRing keys;

  private Account account;

  @BeforeEach
  void createAccount() {
    account = Accounts.create("forge");
  }

  @Test
  void handBuiltTokenWithTheRealKeyIsAccepted() {
    call(Jws.rs256(header(), claims(), keys.active().privateKey()))
        .then()
        .statusCode(200)
        .body("id", equalTo(account.id()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forgeries")
  void forgedTokenIsRefused(String name, Function<ForgedTokenTest, String> forge) {
    call(forge.apply(this))
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:cybernet-call:problem:unauthenticated"));
  }

  static Stream<Arguments> forgeries() {
    return Stream.of(
        forgery("alg none", t -> Jws.unsigned(t.header("alg", "none"), t.claims())),
        forgery(
            "alg none, signature kept",
            t -> {
              String real = Jws.rs256(t.header(), t.claims(), t.keys.active().privateKey());
              String none = Jws.unsigned(t.header("alg", "none"), t.claims());
              return none + real.substring(real.lastIndexOf('.') + 1);
            }),
        forgery(
            "HS256 keyed with the public key PEM",
            t ->
                Jws.hs256(
                    t.header("alg", "HS256"),
                    t.claims(),
                    t.publicKeyPem().getBytes(StandardCharsets.US_ASCII))),
        forgery(
            "HS256 keyed with the public key DER",
            t ->
                Jws.hs256(
                    t.header("alg", "HS256"),
                    t.claims(),
                    t.keys.active().publicKey().getEncoded())),
        forgery("expired", t -> t.realKey(t.claims("exp", now() - 3600, "iat", now() - 7200))),
        forgery("not yet valid (nbf)", t -> t.realKey(t.claims("nbf", now() + 3600))),
        forgery("wrong issuer", t -> t.realKey(t.claims("iss", "https://evil.example"))),
        forgery("wrong audience", t -> t.realKey(t.claims("aud", "some-other-app"))),
        forgery(
            "no expiry",
            t -> {
              Map<String, Object> claims = t.claims();
              claims.remove("exp");
              return t.realKey(claims);
            }),
        forgery(
            "bad signature",
            t -> {
              String token = t.realKey(t.claims());
              char last = token.charAt(token.length() - 2);
              return token.substring(0, token.length() - 2)
                  + (last == 'A' ? 'B' : 'A')
                  + token.charAt(token.length() - 1);
            }),
        forgery(
            "changed payload",
            t -> {
              String[] parts = t.realKey(t.claims()).split("\\.");
              String otherClaims =
                  Jws.unsigned(t.header(), t.claims("sub", "00000000-0000-0000-0000-000000000000"))
                      .split("\\.")[1];
              return parts[0] + "." + otherClaims + "." + parts[2];
            }),
        forgery(
            "unknown kid, attacker key",
            t -> Jws.rs256(t.header("kid", "attacker-key"), t.claims(), ATTACKER.getPrivate())),
        forgery(
            "real kid, attacker key",
            t -> Jws.rs256(t.header(), t.claims(), ATTACKER.getPrivate())),
        forgery(
            "jku header to attacker JWKS",
            t ->
                Jws.rs256(
                    t.header("kid", "attacker-key", "jku", "http://127.0.0.1:9/jwks.json"),
                    t.claims(),
                    ATTACKER.getPrivate())),
        forgery(
            "jwk header with attacker key",
            t ->
                Jws.rs256(
                    t.header("kid", "attacker-key", "jwk", attackerJwk()),
                    t.claims(),
                    ATTACKER.getPrivate())),
        forgery(
            "jwk header with attacker key and real kid",
            t -> Jws.rs256(t.header("jwk", attackerJwk()), t.claims(), ATTACKER.getPrivate())),
        forgery(
            "x5u header",
            t ->
                Jws.rs256(
                    t.header("kid", "attacker-key", "x5u", "http://127.0.0.1:9/cert.pem"),
                    t.claims(),
                    ATTACKER.getPrivate())),
        forgery("refresh token as bearer", t -> t.account.refreshToken()),
        forgery("garbage", t -> "not.a.jwt"));
  }

  private static Arguments forgery(String name, Function<ForgedTokenTest, String> forge) {
    return Arguments.of(name, forge);
  }

  private io.restassured.response.Response call(String token) {
    return given().header("Authorization", "Bearer " + token).get("/api/auth/me");
  }

  private String realKey(Map<String, Object> claims) {
    return Jws.rs256(header(), claims, keys.active().privateKey());
  }

  private Map<String, Object> header(Object... overrides) {
    Map<String, Object> header =
        new HashMap<>(Map.of("alg", "RS256", "typ", "at+jwt", "kid", keys.active().kid()));
    put(header, overrides);
    return header;
  }

  private Map<String, Object> claims(Object... overrides) {
    long now = now();
    Map<String, Object> claims = new HashMap<>();
    claims.put("iss", "http://localhost:18081");
    claims.put("aud", "cybernet-call");
    claims.put("sub", account.id());
    claims.put("iat", now);
    claims.put("exp", now + 300);
    claims.put("jti", java.util.UUID.randomUUID().toString());
    claims.put("sid", java.util.UUID.randomUUID().toString());
    put(claims, overrides);
    return claims;
  }

  private String publicKeyPem() {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(keys.active().publicKey().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  private static Map<String, Object> attackerJwk() {
    RSAPublicKey key = (RSAPublicKey) ATTACKER.getPublic();
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return Map.of(
        "kty", "RSA",
        "n", b64.encodeToString(unsigned(key.getModulus().toByteArray())),
        "e", b64.encodeToString(key.getPublicExponent().toByteArray()));
  }

  private static byte[] unsigned(byte[] bytes) {
    return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }

  private static void put(Map<String, Object> map, Object... keyValues) {
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }
}
