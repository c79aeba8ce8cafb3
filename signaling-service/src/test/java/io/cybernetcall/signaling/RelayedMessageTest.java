package io.cybernetcall.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cybernetcall.contracts.events.EventFields;
import io.cybernetcall.signaling.redis.RedisKeys;
import io.cybernetcall.testsupport.AuthServiceProcess;
import io.cybernetcall.testsupport.RealAccounts;
import io.cybernetcall.testsupport.RealAccounts.User;
import io.cybernetcall.testsupport.SealedPayloads;
import io.cybernetcall.testsupport.SignalingClient;
import io.cybernetcall.testsupport.WithAuthService;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Chat messages relayed through the server for a contact who is away, and their receipts: kept for
 * every device of the recipient, bounded in size and number, kept by the signal store for their
 * lifetime (the test profile allows 5 messages per contact).
 */
@QuarkusTest
@WithAuthService(database = "cybernet_auth_signaling", redisDb = "3")
class RelayedMessageTest {

  @TestHTTPResource("/")
  URI base;

  @ConfigProperty(name = AuthServiceProcess.ISSUER_PROPERTY)
  String issuer;

  @Inject RedisDataSource redis;
  @Inject RedisKeys keys;

  /** A message whose sealed text is {@code ciphertext} (base64 text, to the server like any). */
  private static final String SEE_YOU_AT_8 = SealedPayloads.ciphertext("seeyouat8", 40);

  private static String message(User to, String messageId, String ciphertext, String ref) {
    return "{\"type\":\"message\",\"to\":\"%s\",\"messageId\":\"%s\",\"sealed\":%s,\"ref\":\"%s\"}"
        .formatted(to.id(), messageId, SealedPayloads.json(ciphertext, UUID.randomUUID()), ref);
  }

  @Test
  void aMessageToSomeoneAwayReachesEachOfTheirDevicesWhenTheyComeBackAndItsReceiptsComeBack() {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    accounts.connect(alice, bob);
    long bobWasAt;
    try (SignalingClient first = SignalingClient.browser(base, bob.accessToken())) {
      bobWasAt = first.welcome.getLong("lastSeq");
    }
    String messageId = UUID.randomUUID().toString();
    try (SignalingClient a = SignalingClient.browser(base, alice.accessToken())) {
      a.send(message(bob, messageId, SEE_YOU_AT_8, "m1"));
      JsonPath accepted = a.next("accepted");
      assertThat(accepted.getString("ref")).isEqualTo("m1");

      // Bob's phone and laptop each catch up from where they were, and each gets the message.
      for (String device : new String[] {"phone", "laptop"}) {
        try (SignalingClient b = SignalingClient.browser(base, bob.accessToken())) {
          b.send("{\"type\":\"resume\",\"after\":" + bobWasAt + "}");
          JsonPath got = b.next("message");
          assertThat(got.getString("id")).as(device).isEqualTo(accepted.getString("id"));
          assertThat(got.getString("messageId")).isEqualTo(messageId);
          assertThat(got.getString("sealed.ct")).isEqualTo(SEE_YOU_AT_8);
          assertThat(got.getString("from.userId")).isEqualTo(alice.id());
          assertThat(got.getLong("at")).isCloseTo(System.currentTimeMillis(), within(60_000L));
          assertThat(Instant.parse(got.getString("expiresAt")))
              .isCloseTo(Instant.now().plus(Duration.ofDays(7)), within(1, ChronoUnit.MINUTES));
          // Each device says it has it; the phone also read it.
          b.send(
              "{\"type\":\"message-receipt\",\"to\":\"%s\",\"messageIds\":[\"%s\"],\"state\":\"delivered\"}"
                  .formatted(alice.id(), messageId));
          JsonPath receipt = a.next("message-receipt");
          assertThat(receipt.getList("messageIds")).containsExactly(messageId);
          assertThat(receipt.getString("state")).isEqualTo("delivered");
          assertThat(receipt.getString("from.userId")).isEqualTo(bob.id());
        }
      }

      // The signal store keeps it (and its receipts) for the lifetime, whoever acknowledged it.
      Map<String, String> event = routedEvent(bob.id(), accepted.getString("id"));
      assertThat(Instant.parse(new JsonPath(event.get(EventFields.DATA)).getString("keepUntil")))
          .isCloseTo(Instant.now().plus(Duration.ofDays(7)), within(1, ChronoUnit.MINUTES));
    }
  }

  @Test
  void oversizedMalformedOrUnauthorizedMessagesAreRefusedAndReachNobody() {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    User stranger = accounts.create("stranger");
    accounts.connect(alice, bob);
    try (SignalingClient a = SignalingClient.browser(base, alice.accessToken());
        SignalingClient b = SignalingClient.browser(base, bob.accessToken())) {
      a.send(message(bob, "m-1", "x".repeat(16_900), "big"));
      JsonPath big = a.next("error");
      assertThat(big.getString("code")).isEqualTo("invalid-frame");
      assertThat(big.getString("ref")).isEqualTo("big");
      assertThat(big.getString("message")).isEqualTo("sealed.ct must be 1-16896 characters.");
      // The text in plaintext is refused: relayed messages are stored, so they travel sealed.
      a.send(
          "{\"type\":\"message\",\"to\":\"%s\",\"messageId\":\"m-0\",\"body\":\"hi\",\"ref\":\"plain\"}"
              .formatted(bob.id()));
      assertThat(a.next("error").getString("code")).isEqualTo("sealing-required");
      a.send(message(bob, "not an id!", "hiAA", "bad-id"));
      assertThat(a.next("error").getString("code")).isEqualTo("invalid-frame");
      a.send(
          "{\"type\":\"message-receipt\",\"to\":\"%s\",\"messageIds\":[],\"state\":\"read\"}"
              .formatted(bob.id()));
      assertThat(a.next("error").getString("message"))
          .isEqualTo("messageIds must be an array of 1-100 message ids.");
      a.send(
          "{\"type\":\"message-receipt\",\"to\":\"%s\",\"messageIds\":[\"m-1\"],\"state\":\"seen\"}"
              .formatted(bob.id()));
      assertThat(a.next("error").getString("message"))
          .isEqualTo("state must be delivered or read.");
      a.send(message(stranger, "m-2", "hiAA", "stranger"));
      assertThat(a.next("error").getString("code")).isEqualTo("not-a-contact");
      // The limit is exact: 16,896 characters of ciphertext pass.
      a.send(message(bob, "m-3", "y".repeat(16_896), "max"));
      assertThat(b.next("message").getString("sealed.ct")).hasSize(16_896);
      b.assertNo("message", 300);
    }
  }

  @Test
  void messagesToOneContactAreBoundedInNumberWithinTheirLifetime() {
    RealAccounts accounts = new RealAccounts(issuer);
    User alice = accounts.create("alice");
    User bob = accounts.create("bob");
    User carol = accounts.create("carol");
    accounts.connect(alice, bob);
    accounts.connect(alice, carol);
    try (SignalingClient a = SignalingClient.browser(base, alice.accessToken())) {
      for (int i = 1; i <= 5; i++) {
        a.send(message(bob, "m" + i, SealedPayloads.ciphertext("hello" + i, 8), "r" + i));
        assertThat(a.next("accepted").getString("ref")).isEqualTo("r" + i);
      }
      a.send(message(bob, "m6", SealedPayloads.ciphertext("onetoomany", 12), "r6"));
      JsonPath refused = a.next("error");
      assertThat(refused.getString("code")).isEqualTo("rate-limited");
      assertThat(refused.getString("ref")).isEqualTo("r6");
      assertThat(refused.getString("message")).startsWith("Too many messages to this person");
      // Per contact: Carol can still be written to.
      a.send(message(carol, "c1", SealedPayloads.ciphertext("hello", 8), "c1"));
      assertThat(a.next("accepted").getString("ref")).isEqualTo("c1");
    }
    try (SignalingClient b = SignalingClient.browser(base, bob.accessToken())) {
      b.send("{\"type\":\"resume\",\"after\":0}");
      for (int i = 1; i <= 5; i++) {
        assertThat(b.next("message").getString("messageId")).isEqualTo("m" + i);
      }
      b.assertNo("message", 300);
    }
  }

  /** The signal's event, in the recipient's shard of the signal stream. */
  private Map<String, String> routedEvent(String recipientId, String signalId) {
    return redis.stream(String.class)
        .xrange(keys.signalStream(recipientId), StreamRange.of("-", "+"))
        .stream()
        .map(m -> m.payload())
        .filter(e -> signalId.equals(e.get(EventFields.ID)))
        .findFirst()
        .orElseThrow();
  }
}
