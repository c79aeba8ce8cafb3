package io.cybernetcall.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventHandlerTest {

  @Test
  void oneByOneStopsAtTheFirstFailureSoNothingLaterOvertakesIt() {
    List<ReceivedEvent> batch = List.of(event("1-0"), event("2-0"), event("3-0"));
    List<String> applied = new ArrayList<>();
    Outcomes outcomes = new Outcomes(batch);
    IllegalStateException failure = new IllegalStateException("redis timeout");

    EventHandler.oneByOne(
            event -> {
              if (event.entryId().equals("2-0")) {
                throw failure;
              }
              applied.add(event.entryId());
            })
        .handle(batch, outcomes);

    assertThat(applied).containsExactly("1-0");
    assertThat(outcomes.of(batch.get(0))).isInstanceOf(Outcomes.Applied.class);
    assertThat(outcomes.of(batch.get(1))).isEqualTo(new Outcomes.Failed(failure));
    assertThat(outcomes.of(batch.get(2))).as("read again, not attempted").isNull();
  }

  @Test
  void aThrowingBatchHandlerFailsOnlyWhatItHadNotMarked() {
    List<ReceivedEvent> batch = List.of(event("1-0"), event("2-0"));
    Outcomes outcomes = new Outcomes(batch);
    outcomes.rejected(batch.get(0), "sequence number taken");
    RuntimeException failure = new RuntimeException("insert failed");

    outcomes.failAllUnmarked(failure);

    assertThat(outcomes.of(batch.get(0))).isEqualTo(new Outcomes.Rejected("sequence number taken"));
    assertThat(outcomes.of(batch.get(1))).isEqualTo(new Outcomes.Failed(failure));
  }

  @Test
  void appliedAllOthersKeepsEarlierMarks() {
    List<ReceivedEvent> batch = List.of(event("1-0"), event("2-0"));
    Outcomes outcomes = new Outcomes(batch);
    outcomes.rejected(batch.get(1), "unreadable");

    outcomes.appliedAllOthers();

    assertThat(outcomes.of(batch.get(0))).isInstanceOf(Outcomes.Applied.class);
    assertThat(outcomes.of(batch.get(1))).isInstanceOf(Outcomes.Rejected.class);
  }

  private static ReceivedEvent event(String entryId) {
    return new ReceivedEvent(
        "cybernet:events:contact",
        entryId,
        new EventEnvelope(
            "id-" + entryId, "contact.accepted", "1", Instant.EPOCH, "test", "a", "{}"),
        null);
  }
}
