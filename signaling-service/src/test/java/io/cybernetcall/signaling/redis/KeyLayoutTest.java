package io.cybernetcall.signaling.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cybernetcall.signaling.routing.Delivery;
import io.cybernetcall.testsupport.WithAuthService;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIf;

/**
 * Upgrading a single Redis written before the slotted key layout, and the layout's guard: a
 * sequence counter keeps counting where it was (never from 0: the signal store would take the
 * repeated numbers for duplicates), replay buffers and calls move, sessions are dropped, and a
 * replica configured for another number of shards does not start.
 */
@QuarkusTest
@WithAuthService(database = "cybernet_auth_signaling", redisDb = "3")
class KeyLayoutTest {

  @Inject KeyLayout layout;
  @Inject RedisKeys keys;
  @Inject RedisDataSource redis;
  @Inject Delivery delivery;
  @Inject ObjectMapper json;

  @AfterEach
  void layoutRecordedAgain() {
    redis.key().del(keys.layout());
    layout.check(null);
  }

  @Test
  @DisabledIf(
      value = "io.cybernetcall.testsupport.TestRedis#cluster",
      disabledReason = "a cluster never held the old layout: only a single Redis is migrated")
  void legacyKeysMoveAndASequenceGoesOnFromItsLastNumber() {
    String bob = UUID.randomUUID().toString();
    String carol = UUID.randomUUID().toString();
    String callId = "call-" + UUID.randomUUID();
    redis.value(String.class).set("cybernet:sig:seq:" + bob, "41");
    redis.stream(String.class)
        .xadd("cybernet:sig:inbox:" + bob, new XAddArgs().id("41-0"), Map.of("f", "{\"seq\":41}"));
    redis.hash(String.class).hset("cybernet:sig:call:" + callId, Map.of("state", "accepted"));
    redis.hash(String.class).hset("cybernet:sig:sessions:" + bob, Map.of("s1", "gone-replica"));
    // Carol's counter was already used under the new layout (a replica that migrated first).
    redis.value(String.class).set("cybernet:sig:seq:" + carol, "5");
    redis.value(String.class).set(keys.sequence(carol), "9");

    redis.key().del(keys.layout());
    layout.check(null);

    assertThat(redis.value(String.class).get(keys.sequence(bob))).isEqualTo("41");
    assertThat(redis.value(String.class).get(keys.sequence(carol))).isEqualTo("9");
    assertThat(redis.stream(String.class).xlen(keys.inbox(bob))).isEqualTo(1);
    assertThat(redis.hash(String.class).hget(keys.call(callId), "state")).isEqualTo("accepted");
    assertThat(redis.key().exists(keys.sessions(bob))).isFalse();
    assertThat(
            redis
                .key()
                .exists(
                    "cybernet:sig:seq:" + bob,
                    "cybernet:sig:seq:" + carol,
                    "cybernet:sig:inbox:" + bob,
                    "cybernet:sig:call:" + callId,
                    "cybernet:sig:sessions:" + bob))
        .isZero();
    assertThat(redis.value(String.class).get(keys.layout())).isEqualTo("12");

    Delivery.Delivered next =
        delivery
            .deliver(
                new Delivery.Routing(
                    carol,
                    null,
                    bob,
                    UUID.randomUUID().toString(),
                    json.createObjectNode().put("type", "presence"),
                    false,
                    null,
                    null,
                    null,
                    null))
            .await()
            .atMost(Duration.ofSeconds(5));
    assertThat(next.seq()).isEqualTo(42);
  }

  @Test
  void aReplicaConfiguredForAnotherNumberOfShardsRefusesToStart() {
    redis.value(String.class).set(keys.layout(), "7");

    assertThatThrownBy(() -> layout.check(null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("laid out for 7 signal-stream shards")
        .hasMessageContaining("configured for 12 (cybernet.events.signal-shards)");
  }
}
