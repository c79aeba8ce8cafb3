package io.cybernetcall.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.cybernetcall.auth.support.Accounts;
import io.cybernetcall.auth.support.Accounts.Account;
import io.cybernetcall.auth.support.EventLog;
import io.cybernetcall.contracts.events.EventFields;
import io.cybernetcall.contracts.events.EventTypes;
import io.cybernetcall.contracts.events.StreamNames;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The key directory (docs/auth-api.md, "Key directory") against real PostgreSQL and Redis. */
@QuarkusTest
class KeyDirectoryTest {

  private static final String PROBLEM = "application/problem+json";

  @Inject EventLog events;

  @Test
  void aDeviceRegistersItsKeysOnceAndItsUserAndContactsListThem() {
    Account alice = Accounts.create("alice");
    Account bob = Accounts.create("bob");
    contacts(alice, bob);
    String device = UUID.randomUUID().toString();
    Map<String, String> keys = keys();

    register(alice, device, keys)
        .then()
        .statusCode(201)
        .body("deviceId", equalTo(device))
        .body("signingKey", equalTo(keys.get("signingKey")));
    // A device registers at every sign-in: the same keys again change nothing.
    register(alice, device, keys).then().statusCode(200);

    for (Account reader : new Account[] {alice, bob}) {
      devicesOf(reader, alice)
          .then()
          .statusCode(200)
          .body("userId", equalTo(alice.id()))
          .body("devices.deviceId", contains(device))
          .body("devices[0].agreementKey", equalTo(keys.get("agreementKey")))
          .body("devices[0].addedAt", org.hamcrest.Matchers.notNullValue());
    }
    var added =
        events.awaitExactly(StreamNames.DEVICE_EVENTS, EventTypes.DEVICE_KEY_ADDED, alice.id(), 1);
    assertThat(added.get(0).get(EventFields.DATA)).contains("\"deviceId\":\"" + device + "\"");

    given()
        .header("Authorization", alice.bearer())
        .delete("/api/keys/devices/" + device)
        .then()
        .statusCode(204);
    devicesOf(bob, alice).then().statusCode(200).body("devices", hasSize(0));
    events.awaitExactly(StreamNames.DEVICE_EVENTS, EventTypes.DEVICE_KEY_REMOVED, alice.id(), 1);
  }

  @Test
  void aDevicesKeysNeverChangeNewKeysAreANewDevice() {
    Account alice = Accounts.create("alice");
    String device = UUID.randomUUID().toString();
    register(alice, device, keys()).then().statusCode(201);

    register(alice, device, keys())
        .then()
        .statusCode(409)
        .contentType(PROBLEM)
        .body("type", equalTo("urn:cybernet-call:problem:device-keys-differ"));
    register(alice, UUID.randomUUID().toString(), keys()).then().statusCode(201);
    devicesOf(alice, alice).then().body("devices", hasSize(2));
  }

  @Test
  void onlyTheUserAndTheirAcceptedContactsSeeTheKeys() {
    Account alice = Accounts.create("alice");
    Account asked = Accounts.create("asked");
    Account stranger = Accounts.create("stranger");
    register(alice, UUID.randomUUID().toString(), keys()).then().statusCode(201);
    // A request that was not accepted yet is not enough.
    given()
        .header("Authorization", alice.bearer())
        .contentType(ContentType.JSON)
        .body(Map.of("username", asked.username()))
        .post("/api/contacts/requests")
        .then()
        .statusCode(200);

    for (Account outsider : new Account[] {asked, stranger}) {
      devicesOf(outsider, alice)
          .then()
          .statusCode(404)
          .contentType(PROBLEM)
          .body("detail", equalTo("No such contact."));
    }
    // The same answer as for nobody at all: the directory does not tell who exists.
    given()
        .header("Authorization", stranger.bearer())
        .get("/api/keys/users/" + UUID.randomUUID())
        .then()
        .statusCode(404)
        .body("detail", equalTo("No such contact."));
    given().get("/api/keys/users/" + alice.id()).then().statusCode(401).contentType(PROBLEM);
    given()
        .contentType(ContentType.JSON)
        .body(keys())
        .put("/api/keys/devices/" + UUID.randomUUID())
        .then()
        .statusCode(401);
  }

  @Test
  void onlyP256PublicKeysAreTaken() throws Exception {
    Account alice = Accounts.create("alice");
    String good = keys().get("signingKey");
    Map<String, String> refusals =
        Map.of(
            "not base64 ***",
            "must be base64",
            Base64.getEncoder().encodeToString("not a key".getBytes()),
            "must be a P-256 public key (SubjectPublicKeyInfo)",
            publicKey("EC", new ECGenParameterSpec("secp384r1")),
            "must be a P-256 public key (SubjectPublicKeyInfo)",
            publicKey("RSA", null),
            "is too long");
    for (Map.Entry<String, String> refusal : refusals.entrySet()) {
      register(
              alice,
              UUID.randomUUID().toString(),
              Map.of("signingKey", good, "agreementKey", refusal.getKey()))
          .then()
          .statusCode(400)
          .contentType(PROBLEM)
          .body("errors[0].field", equalTo("agreementKey"))
          .body("errors[0].message", equalTo(refusal.getValue()));
    }
    register(alice, UUID.randomUUID().toString(), Map.of("signingKey", good))
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("agreementKey"))
        .body("errors[0].message", equalTo("is required"));
    register(alice, "not-a-uuid", keys()).then().statusCode(404);
    devicesOf(alice, alice).then().body("devices", hasSize(0));
  }

  @Test
  void anAccountHasAtMostTenDevices() {
    Account alice = Accounts.create("alice");
    for (int i = 0; i < 10; i++) {
      register(alice, UUID.randomUUID().toString(), keys()).then().statusCode(201);
    }
    register(alice, UUID.randomUUID().toString(), keys())
        .then()
        .statusCode(409)
        .body("type", equalTo("urn:cybernet-call:problem:too-many-devices"))
        .body("detail", equalTo("At most 10 devices per account; remove one first."));
    given()
        .header("Authorization", alice.bearer())
        .delete("/api/keys/devices/" + UUID.randomUUID())
        .then()
        .statusCode(404)
        .body("detail", equalTo("No such device."));
  }

  private static void contacts(Account a, Account b) {
    given()
        .header("Authorization", a.bearer())
        .contentType(ContentType.JSON)
        .body(Map.of("username", b.username()))
        .post("/api/contacts/requests")
        .then()
        .statusCode(200);
    given()
        .header("Authorization", b.bearer())
        .post("/api/contacts/" + a.id() + "/accept")
        .then()
        .statusCode(200);
  }

  private static Response register(Account who, String device, Map<String, String> keys) {
    return given()
        .header("Authorization", who.bearer())
        .contentType(ContentType.JSON)
        .body(keys)
        .put("/api/keys/devices/" + device);
  }

  private static Response devicesOf(Account reader, Account owner) {
    return given().header("Authorization", reader.bearer()).get("/api/keys/users/" + owner.id());
  }

  /** A fresh device's two P-256 public keys, as a browser exports them (SPKI, base64). */
  private static Map<String, String> keys() {
    try {
      ECGenParameterSpec p256 = new ECGenParameterSpec("secp256r1");
      return Map.of("signingKey", publicKey("EC", p256), "agreementKey", publicKey("EC", p256));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String publicKey(String algorithm, ECGenParameterSpec curve) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
    if (curve != null) {
      generator.initialize(curve);
    } else {
      generator.initialize(2048);
    }
    return Base64.getEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded());
  }
}
