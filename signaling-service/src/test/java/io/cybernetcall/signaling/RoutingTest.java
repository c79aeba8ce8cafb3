package io.cybernetcall.signaling;

import static io.cybernetcall.signaling.CallSteps.acceptedCall;
import static io.cybernetcall.signaling.CallSteps.answer;
import static io.cybernetcall.signaling.CallSteps.candidate;
import static io.cybernetcall.signaling.CallSteps.newCallId;
import static io.cybernetcall.signaling.CallSteps.offer;
import static io.cybernetcall.signaling.CallSteps.peer;
import static io.cybernetcall.signaling.CallSteps.relay;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.cybernetcall.testsupport.AuthServiceProcess;
import io.cybernetcall.testsupport.RawWebSocket;
import io.cybernetcall.testsupport.RealAccounts;
import io.cybernetcall.testsupport.RealAccounts.User;
import io.cybernetcall.testsupport.SealedPayloads;
import io.cybernetcall.testsupport.SignalingClient;
import io.cybernetcall.testsupport.WithAuthService;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@WithAuthService(database = "cybernet_auth_signaling", redisDb = "3")
class RoutingTest {

  @TestHTTPResource("/")
  URI base;

  @ConfigProperty(name = AuthServiceProcess.ISSUER_PROPERTY)
  String issuer;

  @Test
  void fullCallBetweenContactsWithServerSetSenderAndSequenceNumbers() {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    accounts.connect(alice, bob);
    try (SignalingClient a = SignalingClient.browser(base, alice.accessToken());
        SignalingClient b = SignalingClient.browser(base, bob.accessToken())) {
      String call = newCallId();
      JsonPath offer = relay(a, b, offer(bob, call, "video"));
      assertThat(offer.getString("from.userId")).isEqualTo(alice.id());
      assertThat(offer.getString("from.sessionId")).isEqualTo(a.sessionId());
      assertThat(offer.getString("callId")).isEqualTo(call);
      assertThat(offer.getString("media")).isEqualTo("video");
      // The payload is forwarded as sealed, byte for byte: the server neither opens nor changes it.
      assertThat(offer.getMap("sealed"))
          .containsKeys("v", "sender", "epk", "iv", "ct", "keys", "sig");
      assertThat(offer.getString("id")).isNotBlank();
      long first = offer.getLong("seq");

      b.send(peer("ringing", alice, call));
      assertThat(a.next("ringing").getString("from.userId")).isEqualTo(bob.id());
      relay(b, a, peer("accept", alice, call));
      // Bob's own devices hear that this one accepted: numbered like any signal to Bob.
      assertThat(b.next("call-settled").getLong("seq")).isEqualTo(first + 1);
      b.send(answer(alice, call));
      assertThat(a.next("answer").getString("from.sessionId")).isEqualTo(b.sessionId());
      a.send(candidate(bob, call));
      JsonPath candidate = b.next("candidate");
      assertThat(candidate.getMap("sealed")).containsKey("ct");
      assertThat(candidate.getLong("seq")).isEqualTo(first + 2);
      b.send(candidate(alice, call));
      a.next("candidate");
      relay(a, b, peer("hangup", bob, call));
      // Ended calls take no more signals: the call is no longer open between the two.
      a.send(candidate(bob, call));
      assertThat(a.next("error").getString("code")).isEqualTo("call-not-found");
      a.send(peer("hangup", bob, call));
      assertThat(a.next("error").getString("code")).isEqualTo("invalid-state");
    }
  }

  @Test
  void calleeMayRejectOrBeBusyAndTheCallEnds() {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    accounts.connect(alice, bob);
    try (SignalingClient a = SignalingClient.browser(base, alice.accessToken());
        SignalingClient b = SignalingClient.browser(base, bob.accessToken())) {
      for (String decline : new String[] {"reject", "busy"}) {
        String call = newCallId();
        relay(a, b, offer(bob, call, "audio"));
        b.send(peer(decline, alice, call));
        JsonPath declined = a.next(decline);
        assertThat(declined.getString("callId")).isEqualTo(call);
        assertThat(declined.getString("from.userId")).isEqualTo(bob.id());
        // A declined call cannot be accepted afterwards.
        b.send(peer("accept", alice, call));
        assertThat(b.next("error").getString("code")).isEqualTo("invalid-state");
      }
    }
  }

  @Test
  void dataChannelSessionsNeedNoAcceptButStillAnOffer() {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    accounts.connect(alice, bob);
    try (SignalingClient a = SignalingClient.browser(base, alice.accessToken());
        SignalingClient b = SignalingClient.browser(base, bob.accessToken())) {
      String session = newCallId();
      relay(a, b, offer(bob, session, "data"));
      b.send(answer(alice, session));
      assertThat(a.next("answer").getString("callId")).isEqualTo(session);
    }
  }

  @Test
  void callStateMachineRefusesWhatMakesNoSense() {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    User mallory = accounts.create("mallory");
    accounts.connect(alice, bob);
    accounts.connect(mallory, bob);
    accounts.connect(mallory, alice);
    try (SignalingClient a = SignalingClient.browser(base, alice.accessToken());
        SignalingClient b = SignalingClient.browser(base, bob.accessToken());
        SignalingClient m = SignalingClient.browser(base, mallory.accessToken())) {
      // Answer without an offer.
      b.send(
          "{\"type\":\"answer\",\"to\":\"%s\",\"callId\":\"%s\",\"sealed\":%s,\"ref\":\"r1\"}"
              .formatted(alice.id(), newCallId(), SealedPayloads.json()));
      JsonPath error = b.next("error");
      assertThat(error.getString("code")).isEqualTo("call-not-found");
      assertThat(error.getString("ref")).isEqualTo("r1");

      String call = newCallId();
      relay(a, b, offer(bob, call, "audio"));
      // The callee cannot connect the call without accepting it first.
      b.send(answer(alice, call));
      assertThat(b.next("error").getString("code")).isEqualTo("invalid-state");
      // The caller cannot accept their own call.
      a.send(peer("accept", bob, call));
      assertThat(a.next("error").getString("code")).isEqualTo("invalid-state");
      // A third party cannot inject candidates, answers or hang up someone else's call. (A
      // candidate is checked against the calls open between sender and recipient only.)
      m.send(candidate(bob, call));
      assertThat(m.next("error").getString("code")).isEqualTo("call-not-found");
      m.send(peer("hangup", alice, call));
      assertThat(m.next("error").getString("code")).isEqualTo("not-a-participant");
      // Reusing a live call id for a new call is refused.
      m.send(offer(bob, call, "audio"));
      assertThat(m.next("error").getString("code")).isEqualTo("not-a-participant");
      a.send(offer(bob, call, "audio"));
      assertThat(a.next("error").getString("code")).isEqualTo("call-exists");
      // Nothing of that reached the two parties.
      b.assertNo("candidate", 300);
      a.assertNo("hangup", 100);
    }
  }

  /** Alice's call ringing on both of Bob's devices, his phone and his laptop. */
  private record TwoDevices(
      User alice,
      User bob,
      SignalingClient a,
      SignalingClient phone,
      SignalingClient laptop,
      String call)
      implements AutoCloseable {

    @Override
    public void close() {
      a.close();
      phone.close();
      laptop.close();
    }
  }

  private TwoDevices ringingOnTwoDevices(String media) {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    accounts.connect(alice, bob);
    TwoDevices devices =
        new TwoDevices(
            alice,
            bob,
            SignalingClient.browser(base, alice.accessToken()),
            SignalingClient.browser(base, bob.accessToken()),
            SignalingClient.browser(base, bob.accessToken()),
            newCallId());
    devices.a().send(offer(bob, devices.call(), media));
    devices.phone().next("offer");
    devices.laptop().next("offer");
    return devices;
  }

  @Test
  void aCallRingsOnEveryDeviceAndTheFirstToAcceptHoldsIt() {
    try (TwoDevices devices = ringingOnTwoDevices("video")) {
      User alice = devices.alice();
      SignalingClient a = devices.a();
      SignalingClient phone = devices.phone();
      SignalingClient laptop = devices.laptop();
      String call = devices.call();
      // Both ring, and both say so.
      phone.send(peer("ringing", alice, call));
      laptop.send(peer("ringing", alice, call));
      a.next("ringing");
      laptop.assertNo("error", 200);

      phone.send(peer("accept", alice, call));
      assertThat(a.next("accept").getString("from.sessionId")).isEqualTo(phone.sessionId());
      // The laptop stops ringing: it hears which device took the call, within a second.
      JsonPath settled = laptop.nextWithin("call-settled", 1_000);
      assertThat(settled).as("call-settled on the laptop within 1 s").isNotNull();
      assertThat(settled.getString("callId")).isEqualTo(call);
      assertThat(settled.getString("outcome")).isEqualTo("answered");
      assertThat(settled.getString("from.sessionId")).isEqualTo(phone.sessionId());
      assertThat(phone.next("call-settled").getString("from.sessionId"))
          .isEqualTo(phone.sessionId());

      // A second accept, a decline, a hang-up or an answer from the laptop is refused with a clear
      // state, and reaches nobody.
      for (String type : new String[] {"accept", "reject", "busy", "hangup"}) {
        laptop.send(peer(type, alice, call));
        JsonPath refused = laptop.next("error");
        assertThat(refused.getString("code")).isEqualTo("answered-elsewhere");
        assertThat(refused.getString("message"))
            .isEqualTo("This call was answered on another device.");
      }
      laptop.send(answer(alice, call));
      assertThat(laptop.next("error").getString("code")).isEqualTo("answered-elsewhere");
      a.assertNo("reject", 300);
      a.assertNo("hangup", 100);
      a.assertNo("answer", 100);

      // The phone that accepted goes on: its answer reaches Alice.
      phone.send(answer(alice, call));
      assertThat(a.next("answer").getString("from.sessionId")).isEqualTo(phone.sessionId());
      phone.assertNo("error", 200);
    }
  }

  @Test
  void decliningOnOneDeviceDeclinesEverywhere() {
    try (TwoDevices devices = ringingOnTwoDevices("audio")) {
      User alice = devices.alice();
      SignalingClient a = devices.a();
      SignalingClient phone = devices.phone();
      SignalingClient laptop = devices.laptop();
      String call = devices.call();
      laptop.send(peer("reject", alice, call));
      a.next("reject");
      JsonPath settled = phone.nextWithin("call-settled", 1_000);
      assertThat(settled).as("call-settled on the phone within 1 s").isNotNull();
      assertThat(settled.getString("outcome")).isEqualTo("declined");
      assertThat(settled.getString("from.sessionId")).isEqualTo(laptop.sessionId());
      // The call is over for every device: the phone can no longer pick it up.
      phone.send(peer("accept", alice, call));
      assertThat(phone.next("error").getString("code")).isEqualTo("invalid-state");
      a.assertNo("accept", 300);
    }
  }

  @Test
  void aDeviceOpenedLaterCatchesUpOnACallAnsweredElsewhere() {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    accounts.connect(alice, bob);
    try (SignalingClient a = SignalingClient.browser(base, alice.accessToken());
        SignalingClient phone = SignalingClient.browser(base, bob.accessToken())) {
      long before = phone.welcome.getLong("lastSeq");
      String call = newCallId();
      relay(a, phone, offer(bob, call, "video"));
      relay(phone, a, peer("accept", alice, call));
      phone.next("call-settled");
      // The laptop opens afterwards and resumes from where it was: it finds the offer and, after
      // it, that another device answered, so it neither rings nor shows a missed call.
      try (SignalingClient laptop = SignalingClient.browser(base, bob.accessToken())) {
        laptop.send("{\"type\":\"resume\",\"after\":" + before + "}");
        JsonPath offer = laptop.next("offer");
        JsonPath settled = laptop.next("call-settled");
        assertThat(offer.getString("callId")).isEqualTo(call);
        assertThat(settled.getString("callId")).isEqualTo(call);
        assertThat(settled.getLong("seq")).isGreaterThan(offer.getLong("seq"));
      }
    }
  }

  @Test
  void onlyContactsMaySignalEachOther() {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User stranger = accounts.create("stranger");
    try (SignalingClient a = SignalingClient.browser(base, alice.accessToken());
        SignalingClient s = SignalingClient.browser(base, stranger.accessToken())) {
      a.send(offer(stranger, newCallId(), "video"));
      assertThat(a.next("error").getString("code")).isEqualTo("not-a-contact");
      s.assertNo("offer", 300);
    }
  }

  @Test
  void bothSidesHearThatTheirContactListChangedAndNobodyElseDoes() {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    User bystander = accounts.create("bystander");
    try (SignalingClient a = SignalingClient.browser(base, alice.accessToken());
        SignalingClient b = SignalingClient.browser(base, bob.accessToken());
        SignalingClient x = SignalingClient.browser(base, bystander.accessToken())) {
      // A request and its acceptance: one announcement each, to both sides.
      accounts.connect(alice, bob);
      for (SignalingClient side : new SignalingClient[] {a, b}) {
        side.next("contacts-changed");
        side.next("contacts-changed");
      }
      // The acceptance is announced after signaling applied it: the new contact may be called.
      relay(a, b, offer(bob, newCallId(), "data"));

      accounts.removeContact(bob, alice);
      a.next("contacts-changed");
      b.next("contacts-changed");
      x.assertNo("contacts-changed", 500);
    }
  }

  @Test
  void aNewDeviceKeyIsAnnouncedToTheUserAndTheirContactsAndNobodyElse() throws Exception {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    User bystander = accounts.create("bystander");
    accounts.connect(alice, bob);
    try (SignalingClient a = SignalingClient.browser(base, alice.accessToken());
        SignalingClient b = SignalingClient.browser(base, bob.accessToken());
        SignalingClient x = SignalingClient.browser(base, bystander.accessToken())) {
      // Alice's new device registers in auth-service's key directory.
      String device = java.util.UUID.randomUUID().toString();
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      Base64.Encoder base64 = Base64.getEncoder();
      given()
          .baseUri(issuer)
          .auth()
          .oauth2(alice.accessToken())
          .contentType("application/json")
          .body(
              java.util.Map.of(
                  "signingKey",
                  base64.encodeToString(generator.generateKeyPair().getPublic().getEncoded()),
                  "agreementKey",
                  base64.encodeToString(generator.generateKeyPair().getPublic().getEncoded())))
          .put("/api/keys/devices/" + device)
          .then()
          .statusCode(201);

      for (SignalingClient told : new SignalingClient[] {a, b}) {
        assertThat(told.next("keys-changed").getString("userId")).isEqualTo(alice.id());
      }
      x.assertNo("keys-changed", 500);
    }
  }

  @Test
  void removedOrBlockedContactIsRefusedWithinASecond() throws Exception {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    User carol = accounts.create("carol");
    accounts.connect(alice, bob);
    accounts.connect(alice, carol);
    try (SignalingClient a = SignalingClient.browser(base, alice.accessToken());
        SignalingClient b = SignalingClient.browser(base, bob.accessToken());
        SignalingClient c = SignalingClient.browser(base, carol.accessToken())) {
      relay(a, b, offer(bob, newCallId(), "data"));

      accounts.removeContact(bob, alice);
      accounts.block(carol, alice);
      long start = System.nanoTime();
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(1))
          .pollInterval(java.time.Duration.ofMillis(50))
          .until(
              () -> {
                a.send(offer(bob, newCallId(), "data"));
                JsonPath error = a.nextWithin("error", 40);
                return error != null && "not-a-contact".equals(error.getString("code"));
              });
      a.send(offer(carol, newCallId(), "data"));
      assertThat(a.next("error").getString("code")).isEqualTo("not-a-contact");
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
    }
  }

  @Test
  void plaintextSdpCandidatesAndMessagesAreRefusedOverBothTransportsAndReachNobody() {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    accounts.connect(alice, bob);
    String fingerprint = "v=0\\r\\na=fingerprint:sha-256 EE:EE:EE:EE\\r\\n";
    try (SignalingClient a = SignalingClient.browser(base, alice.accessToken());
        SignalingClient b = SignalingClient.browser(base, bob.accessToken())) {
      String call = newCallId();
      a.send(
          "{\"type\":\"offer\",\"to\":\"%s\",\"callId\":\"%s\",\"media\":\"audio\",\"sdp\":\"%s\",\"ref\":\"p1\"}"
              .formatted(bob.id(), call, fingerprint));
      JsonPath refused = a.next("error");
      assertThat(refused.getString("code")).isEqualTo("sealing-required");
      assertThat(refused.getString("ref")).isEqualTo("p1");
      // Sealed and in plaintext beside it: refused too, not forwarded without the plaintext.
      a.send(
          "{\"type\":\"offer\",\"to\":\"%s\",\"callId\":\"%s\",\"media\":\"audio\",\"sealed\":%s,\"sdp\":\"%s\"}"
              .formatted(bob.id(), call, SealedPayloads.json(), fingerprint));
      assertThat(a.next("error").getString("code")).isEqualTo("sealing-required");
      // The call never started: a candidate in plaintext is refused for what it is, before state.
      a.send(
          "{\"type\":\"candidate\",\"to\":\"%s\",\"callId\":\"%s\",\"candidate\":{\"candidate\":\"candidate:1 1 udp 1 203.0.113.7 4444 typ host\"}}"
              .formatted(bob.id(), call));
      assertThat(a.next("error").getString("code")).isEqualTo("sealing-required");
      given()
          .header("Authorization", "Bearer " + alice.accessToken())
          .contentType("application/json")
          .body(
              "{\"type\":\"message\",\"to\":\"%s\",\"messageId\":\"m1\",\"body\":\"meet at the station\"}"
                  .formatted(bob.id()))
          .post("/api/signals")
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("type", org.hamcrest.Matchers.equalTo("urn:cybernet-call:problem:sealing-required"))
          .body("detail", org.hamcrest.Matchers.containsString("never in plaintext"));
      b.assertNo("offer", 300);
      b.assertNo("message", 100);
      // Nothing of it was numbered for Bob: his next signal follows the last one he had.
      long before = b.welcome.getLong("lastSeq");
      assertThat(relay(a, b, offer(bob, newCallId(), "audio")).getLong("seq"))
          .isEqualTo(before + 1);
    }
  }

  @Test
  void identityFieldsFromTheClientAreRefusedNotTrusted() {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    accounts.connect(alice, bob);
    try (SignalingClient a = SignalingClient.browser(base, alice.accessToken());
        SignalingClient b = SignalingClient.browser(base, bob.accessToken())) {
      a.send(
          "{\"type\":\"offer\",\"to\":\"%s\",\"callId\":\"%s\",\"media\":\"audio\",\"sealed\":%s,\"from\":{\"userId\":\"%s\"}}"
              .formatted(bob.id(), newCallId(), SealedPayloads.json(), bob.id()));
      JsonPath error = a.next("error");
      assertThat(error.getString("code")).isEqualTo("invalid-frame");
      assertThat(error.getString("message")).contains("from");
      b.assertNo("offer", 300);
    }
  }

  @Test
  void malformedFramesGetErrorCodesAndTheConnectionSurvives() {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    accounts.connect(alice, bob);
    try (SignalingClient a = SignalingClient.browser(base, alice.accessToken());
        SignalingClient b = SignalingClient.browser(base, bob.accessToken())) {
      a.send("{not json");
      assertThat(a.next("error").getString("code")).isEqualTo("malformed-json");
      a.send("[1,2,3]");
      assertThat(a.next("error").getString("code")).isEqualTo("malformed-json");
      a.send("{\"type\":\"offer\",\"type\":\"hangup\"}");
      JsonPath duplicate = a.next("error");
      assertThat(duplicate.getString("code")).isEqualTo("malformed-json");
      assertThat(duplicate.getString("message"))
          .startsWith("A field appears twice (line 1, column ");
      a.send("{\"type\":\"teleport\",\"ref\":\"x1\"}");
      JsonPath unknown = a.next("error");
      assertThat(unknown.getString("code")).isEqualTo("unknown-type");
      assertThat(unknown.getString("ref")).isEqualTo("x1");
      a.send(
          "{\"type\":\"offer\",\"to\":\"not-a-uuid\",\"callId\":\"c\",\"media\":\"audio\",\"sealed\":%s}"
              .formatted(SealedPayloads.json()));
      assertThat(a.next("error").getString("code")).isEqualTo("invalid-frame");
      a.send(
          "{\"type\":\"offer\",\"to\":\"%s\",\"callId\":\"bad id!\",\"media\":\"audio\",\"sealed\":%s}"
              .formatted(bob.id(), SealedPayloads.json()));
      assertThat(a.next("error").getString("code")).isEqualTo("invalid-frame");
      a.send(
          "{\"type\":\"offer\",\"to\":\"%s\",\"callId\":\"c1\",\"media\":\"hologram\",\"sealed\":%s}"
              .formatted(bob.id(), SealedPayloads.json()));
      assertThat(a.next("error").getString("code")).isEqualTo("invalid-frame");
      a.send("{\"type\":\"ack\",\"seq\":-1}");
      assertThat(a.next("error").getString("code")).isEqualTo("invalid-frame");

      // Still connected and working.
      relay(a, b, offer(bob, newCallId(), "data"));
    }
  }

  @ParameterizedTest(name = "one frame of {0} KiB")
  @ValueSource(ints = {70, 200})
  void anOversizedMessageInOneFrameClosesWith1009(int kib) throws Exception {
    User alice = new RealAccounts(issuer).create("alice");
    try (RawWebSocket raw =
        RawWebSocket.connect(
            base, "/ws/signal", alice.accessToken(), SignalingClient.ALLOWED_ORIGIN)) {
      raw.sendOneFrame("{\"type\":\"ack\",\"seq\":1,\"ref\":\"" + "x".repeat(kib * 1024) + "\"}");
      assertThat(raw.awaitCloseCode()).isEqualTo(1009);
    }
  }

  @Test
  void anOversizedMessageInSeveralFramesClosesWith1009() {
    User alice = new RealAccounts(issuer).create("alice");
    try (SignalingClient a = SignalingClient.browser(base, alice.accessToken())) {
      a.sendFragmented(
          "{\"type\":\"ack\",\"seq\":1,\"ref\":\"" + "x".repeat(70 * 1024) + "\"}", 16 * 1024);
      assertThat(a.awaitClose().code()).isEqualTo(1009);
    }
  }

  @Test
  void aBinaryFrameClosesWith1003() {
    User alice = new RealAccounts(issuer).create("alice");
    try (SignalingClient a = SignalingClient.browser(base, alice.accessToken())) {
      a.sendBinary(
          "{\"type\":\"ack\",\"seq\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(a.awaitClose().code()).isEqualTo(1003);
    }
  }

  @Test
  void aRoutedFrameWithARefIsAcceptedWithTheIdItsRecipientSees() {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    accounts.connect(alice, bob);
    try (SignalingClient a = SignalingClient.browser(base, alice.accessToken());
        SignalingClient b = SignalingClient.browser(base, bob.accessToken())) {
      String call = newCallId();
      String offer = offer(bob, call, "data");
      a.send(offer.substring(0, offer.length() - 1) + ",\"ref\":\"r-1\"}");
      JsonPath accepted = a.next("accepted");
      assertThat(accepted.getString("ref")).isEqualTo("r-1");
      assertThat(accepted.getString("id")).isEqualTo(b.next("offer").getString("id"));
      // Refused frames get an error with their ref instead, never an accepted.
      a.send(
          "{\"type\":\"hangup\",\"to\":\"" + bob.id() + "\",\"callId\":\"nope\",\"ref\":\"r-2\"}");
      JsonPath refused = a.next("error");
      assertThat(refused.getString("ref")).isEqualTo("r-2");
      assertThat(refused.getString("code")).isEqualTo("call-not-found");
      a.assertNo("accepted", 300);
    }
  }

  @Test
  void floodingIsRateLimitedPerConnection() {
    User alice = new RealAccounts(issuer).create("alice");
    try (SignalingClient a = SignalingClient.browser(base, alice.accessToken())) {
      for (int i = 0; i < 300; i++) {
        a.send("{\"type\":\"ack\",\"seq\":" + i + ",\"ref\":\"f" + i + "\"}");
      }
      JsonPath refused = a.next("error");
      assertThat(refused.getString("code")).isEqualTo("rate-limited");
      // The refusal names the frame it refused: one past the burst of 100, give or take a refill.
      assertThat(refused.getString("ref")).matches("f\\d+");
      assertThat(Integer.parseInt(refused.getString("ref").substring(1))).isBetween(100, 299);
    }
  }

  @Test
  void ringSpamToOneCalleeIsLimited() {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    accounts.connect(alice, bob);
    try (SignalingClient a = SignalingClient.browser(base, alice.accessToken());
        SignalingClient b = SignalingClient.browser(base, bob.accessToken())) {
      for (int i = 0; i < 6; i++) {
        relay(a, b, offer(bob, newCallId(), "audio"));
      }
      a.send(offer(bob, newCallId(), "audio"));
      assertThat(a.next("error").getString("code")).isEqualTo("rate-limited");
    }
  }

  @Test
  void renegotiatingAnAcceptedCallIsNotRingSpam() {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    accounts.connect(alice, bob);
    try (SignalingClient a = SignalingClient.browser(base, alice.accessToken());
        SignalingClient b = SignalingClient.browser(base, bob.accessToken())) {
      String call = acceptedCall(a, alice, b, bob, "video");
      // ICE restarts and screen-share renegotiations, from both sides, well past the limit.
      for (int i = 0; i < 10; i++) {
        // A renegotiation does not start a call: nothing rings for it, now or on catching up.
        assertThat(relay(a, b, offer(bob, call, "video")).getString("newCall")).isNull();
        relay(b, a, offer(alice, call, "video"));
      }
      a.assertNo("error", 200);
    }
  }
}
