package io.cybernetcall.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.cybernetcall.auth.service.OutboxRelay;
import io.cybernetcall.auth.support.Accounts;
import io.cybernetcall.auth.support.Accounts.Account;
import io.cybernetcall.auth.support.EventLog;
import io.cybernetcall.contracts.events.EventFields;
import io.cybernetcall.contracts.events.StreamNames;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox relay is interrupted in the worst places; every event must still land exactly once.
 */
@QuarkusTest
class OutboxRelayTest {

  private static final String RELAY_JOB = "outbox-relay";

  @Inject Scheduler scheduler;
  @Inject OutboxRelay relay;
  @Inject EventLog events;
  @Inject EntityManager entityManager;

  @BeforeEach
  void stopTheScheduledRelay() {
    scheduler.pause(RELAY_JOB);
  }

  @AfterEach
  void restartTheScheduledRelay() {
    scheduler.resume(RELAY_JOB);
  }

  @Test
  void crashAfterPublishingBeforeMarkingDoesNotDuplicate() {
    Account alice = Accounts.create("crash");
    List<String> ids = pendingEventIds(alice.id());
    assertThat(ids).hasSize(2); // user.registered, user.email-verification-requested
    assertThat(streamIdsFor(alice.id())).isEmpty();

    // The relay appends to Redis, then dies before its transaction commits.
    try {
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                relay.relayBatch();
                throw new IllegalStateException("relay killed before commit");
              });
    } catch (IllegalStateException expected) {
      // as planned
    }
    assertThat(streamIdsFor(alice.id())).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(pendingEventIds(alice.id())).containsExactlyInAnyOrderElementsOf(ids);

    // Restarted, it publishes the same rows again; the stream still holds each event once.
    scheduler.resume(RELAY_JOB);
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> pendingEventIds(alice.id()).isEmpty());
    assertThat(streamIdsFor(alice.id())).containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void eventsWaitWhileTheRelayIsDownAndArriveInOrderAfterwards() {
    Account bob = Accounts.create("down");
    assertThat(streamIdsFor(bob.id())).isEmpty();
    List<String> ids = pendingEventIds(bob.id());

    scheduler.resume(RELAY_JOB);

    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> streamIdsFor(bob.id()).size() == 2);
    // Commit order is kept: registration before the verification request.
    assertThat(streamIdsFor(bob.id())).containsExactlyElementsOf(ids);
  }

  @Test
  void concurrentRelaysNeverPublishAnEventTwice() throws Exception {
    List<Account> accounts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      accounts.add(Accounts.create("race"));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Integer>> relays = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        relays.add(() -> relay.relayBatch());
      }
      int relayed = 0;
      for (Future<Integer> handled : pool.invokeAll(relays)) {
        relayed += handled.get();
      }
      assertThat(relayed).isGreaterThanOrEqualTo(16);
    } finally {
      pool.shutdownNow();
    }
    for (Account account : accounts) {
      List<String> inStream = streamIdsFor(account.id());
      assertThat(inStream).hasSize(2).doesNotHaveDuplicates();
    }
  }

  @SuppressWarnings("unchecked")
  private List<String> pendingEventIds(String subject) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                ((List<Object>)
                        entityManager
                            .createNativeQuery(
                                "select cast(id as text) from outbox_event"
                                    + " where subject = ?1 and published_at is null order by seq")
                            .setParameter(1, subject)
                            .getResultList())
                    .stream().map(Object::toString).toList());
  }

  private List<String> streamIdsFor(String subject) {
    return events
        .entries(StreamNames.USER_EVENTS, e -> subject.equals(e.get(EventFields.SUBJECT)))
        .stream()
        .map(e -> e.get(EventFields.ID))
        .toList();
  }
}
