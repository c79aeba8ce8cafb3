package io.cybernetcall.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybernetcall.signaling.protocol.FrameException;
import io.cybernetcall.signaling.redis.RedisKeys;
import io.cybernetcall.signaling.routing.Delivery;
import io.cybernetcall.testsupport.TestRedis;
import io.cybernetcall.testsupport.WithAuthService;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The routing hot path. Frames routed in one event-loop turn share one routing-script call against
 * the real Redis, and each still gets its own result: its own sequence number in submission order,
 * its own refusal (a sender whose contacts are loaded nowhere is refused by the contact cache
 * before any script runs). On a cluster, frames to recipients of different slots go in one call per
 * slot. Frames that arrive while a call is in flight wait for it and go in one call. The service
 * runs one event loop per CPU, not Vert.x's two.
 */
@QuarkusTest
@WithAuthService(database = "cybernet_auth_signaling", redisDb = "3")
class RouteBatcherTest {

  @Inject Delivery delivery;
  @Inject Vertx vertx;
  @Inject ObjectMapper json;
  @Inject MeterRegistry metrics;
  @Inject RedisKeys keys;

  @Test
  void runsOneEventLoopPerCpu() {
    int loops = 0;
    for (var ignored : ((VertxInternal) vertx).getEventLoopGroup()) {
      loops++;
    }
    assertThat(loops).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void framesOfOneTurnShareOneCallAndKeepTheirOwnResults() throws Exception {
    String sender = UUID.randomUUID().toString();
    String recipient = UUID.randomUUID().toString();
    String stranger = UUID.randomUUID().toString(); // contacts never loaded: refused
    DistributionSummary batches = metrics.summary("signaling.route.batch.frames");
    long callsBefore = batches.count();
    double framesBefore = batches.totalAmount();

    // Thirty frames submitted in one turn of one event loop: ten of them refused.
    List<Object> results =
        inOneTurn(
            30,
            i -> {
              boolean refused = i % 3 == 2;
              return routing(refused ? stranger : sender, recipient, i, refused);
            });

    long expectedSeq = 1;
    for (int i = 0; i < results.size(); i++) {
      Object result = results.get(i);
      if (i % 3 == 2) {
        assertThat(result).isInstanceOf(FrameException.class);
        assertThat(((FrameException) result).code()).isEqualTo("no-contacts");
      } else {
        // Sequence numbers follow the order the frames were submitted in.
        Delivery.Delivered delivered = (Delivery.Delivered) result;
        assertThat(delivered.seq()).isEqualTo(expectedSeq++);
        assertThat(delivered.frame()).contains("\"n\":" + i);
      }
    }
    assertThat(batches.count() - callsBefore).isEqualTo(1);
    assertThat(batches.totalAmount() - framesBefore).isEqualTo(20);
  }

  @Test
  void framesToRecipientsOfDifferentSlotsGoInOneCallPerSlot() throws Exception {
    String sender = UUID.randomUUID().toString();
    List<String> recipients = new ArrayList<>();
    while (recipients.size() < 3) {
      String candidate = UUID.randomUUID().toString();
      if (recipients.stream().noneMatch(r -> sameShard(r, candidate))) {
        recipients.add(candidate);
      }
    }
    DistributionSummary batches = metrics.summary("signaling.route.batch.frames");
    long callsBefore = batches.count();

    List<Object> results = inOneTurn(12, i -> routing(sender, recipients.get(i % 3), i, false));

    for (int i = 0; i < results.size(); i++) {
      // Each recipient's own numbers, in submission order.
      assertThat(((Delivery.Delivered) results.get(i)).seq()).isEqualTo(i / 3 + 1);
    }
    // A script call's keys must share a slot on a cluster; a single Redis takes them all at once.
    assertThat(batches.count() - callsBefore).isEqualTo(TestRedis.cluster() ? 3 : 1);
  }

  @Test
  void framesThatArriveWhileACallIsInFlightWaitForItAndGoTogetherInTheNextCall() throws Exception {
    String sender = UUID.randomUUID().toString();
    String recipient = UUID.randomUUID().toString();
    DistributionSummary batches = metrics.summary("signaling.route.batch.frames");
    long callsBefore = batches.count();
    double framesBefore = batches.totalAmount();
    // The Redis holds every command for 500 ms: the first frame's call is sent and stays in flight
    // while ten more frames arrive, from 100 ms later, 10 ms apart: each turn would otherwise have
    // sent its own.
    TestRedis.pause(500);

    long[] delays = new long[11];
    delays[1] = 100;
    for (int i = 2; i < delays.length; i++) {
      delays[i] = 10;
    }
    List<Object> results = inTurnsOfTheirOwn(i -> routing(sender, recipient, i, false), delays);

    for (int i = 0; i < results.size(); i++) {
      assertThat(((Delivery.Delivered) results.get(i)).seq()).isEqualTo(i + 1);
    }
    assertThat(batches.count() - callsBefore).isEqualTo(2);
    assertThat(batches.totalAmount() - framesBefore).isEqualTo(11);
  }

  @Test
  void aLaneStopsWaitingForACallAfterTwoSeconds() throws Exception {
    String sender = UUID.randomUUID().toString();
    String recipient = UUID.randomUUID().toString();
    DistributionSummary batches = metrics.summary("signaling.route.batch.frames");
    long callsBefore = batches.count();
    // The first call is held for 2.6 s. The second frame comes 2.2 s after it and goes at once,
    // without waiting for it; the third, 0.1 s later, waits for the second.
    TestRedis.pause(2600);

    List<Object> results =
        inTurnsOfTheirOwn(i -> routing(sender, recipient, i, false), 0, 2200, 100);

    assertThat(results).allMatch(Delivery.Delivered.class::isInstance);
    assertThat(batches.count() - callsBefore).isEqualTo(3);
  }

  /**
   * Routes one frame per delay on one event loop, each submitted in a turn of its own, {@code
   * delaysMillis[i]} after the one before.
   */
  private List<Object> inTurnsOfTheirOwn(IntFunction<Delivery.Routing> frame, long... delaysMillis)
      throws Exception {
    Context context = vertx.getOrCreateContext();
    List<CompletableFuture<Object>> each = new ArrayList<>();
    for (int i = 0; i < delaysMillis.length; i++) {
      Thread.sleep(delaysMillis[i]);
      CompletableFuture<Object> outcome = new CompletableFuture<>();
      each.add(outcome);
      Delivery.Routing routing = frame.apply(i);
      context.runOnContext(
          ignored ->
              delivery.deliver(routing).subscribe().with(outcome::complete, outcome::complete));
    }
    CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    return each.stream().map(CompletableFuture::join).toList();
  }

  private boolean sameShard(String a, String b) {
    return keys.signalEvents().shardOf(a) == keys.signalEvents().shardOf(b);
  }

  /** Routes {@code count} frames, all submitted in one turn of one event loop; their outcomes. */
  private List<Object> inOneTurn(int count, IntFunction<Delivery.Routing> frame) throws Exception {
    CompletableFuture<List<Object>> outcomes = new CompletableFuture<>();
    vertx
        .getOrCreateContext()
        .runOnContext(
            ignored -> {
              List<CompletableFuture<Object>> each = new ArrayList<>();
              for (int i = 0; i < count; i++) {
                CompletableFuture<Object> outcome = new CompletableFuture<>();
                each.add(outcome);
                delivery
                    .deliver(frame.apply(i))
                    .subscribe()
                    .with(outcome::complete, outcome::complete);
              }
              CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                  .thenRun(() -> outcomes.complete(each.stream().map(f -> f.join()).toList()));
            });
    return outcomes.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aFrameRoutedOffTheEventLoopRunsAlone() {
    String recipient = UUID.randomUUID().toString();
    Delivery.Delivered delivered =
        delivery
            .deliver(routing(UUID.randomUUID().toString(), recipient, 0, false))
            .await()
            .atMost(java.time.Duration.ofSeconds(5));
    assertThat(delivered.seq()).isEqualTo(1);
  }

  private Delivery.Routing routing(String from, String to, int n, boolean authorize) {
    ObjectNode frame = json.createObjectNode().put("type", "presence").put("n", n);
    return new Delivery.Routing(
        from, null, to, UUID.randomUUID().toString(), frame, authorize, null, null, null, null);
  }
}
