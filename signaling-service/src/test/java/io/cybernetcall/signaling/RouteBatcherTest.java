package io.cybernetcall.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybernetcall.signaling.protocol.FrameException;
import io.cybernetcall.signaling.routing.Delivery;
import io.cybernetcall.testsupport.WithAuthService;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The routing hot path. Frames routed in one event-loop turn share one routing-script call against
 * the real Redis, and each still gets its own result: its own sequence number in submission order,
 * its own refusal. The service runs one event loop per CPU, not Vert.x's two.
 */
@QuarkusTest
@WithAuthService(database = "cybernet_auth_signaling", redisDb = "3")
class RouteBatcherTest {

  @Inject Delivery delivery;
  @Inject Vertx vertx;
  @Inject ObjectMapper json;
  @Inject MeterRegistry metrics;

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
    CompletableFuture<List<Object>> outcomes = new CompletableFuture<>();
    vertx
        .getOrCreateContext()
        .runOnContext(
            ignored -> {
              List<CompletableFuture<Object>> each = new ArrayList<>();
              for (int i = 0; i < 30; i++) {
                boolean refused = i % 3 == 2;
                CompletableFuture<Object> outcome = new CompletableFuture<>();
                each.add(outcome);
                delivery
                    .deliver(routing(refused ? stranger : sender, recipient, i, refused))
                    .subscribe()
                    .with(outcome::complete, outcome::complete);
              }
              CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                  .thenRun(() -> outcomes.complete(each.stream().map(f -> f.join()).toList()));
            });
    List<Object> results = outcomes.get(10, TimeUnit.SECONDS);

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
    assertThat(batches.totalAmount() - framesBefore).isEqualTo(30);
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
