package io.cybernetcall.signalstore.listener;

import io.cybernetcall.contracts.events.EventTypes;
import io.cybernetcall.contracts.events.SignalRouted;
import io.cybernetcall.contracts.events.StreamNames;
import io.cybernetcall.platform.events.ConsumerGroup;
import io.cybernetcall.platform.events.EventStreamsConfig;
import io.cybernetcall.platform.events.Outcomes;
import io.cybernetcall.platform.events.ReceivedEvent;
import io.cybernetcall.platform.events.ShardedStream;
import io.cybernetcall.platform.events.StreamConsumers;
import io.cybernetcall.platform.events.UnreadableEvent;
import io.cybernetcall.signalstore.config.SignalStoreConfig;
import io.cybernetcall.signalstore.repository.NewSignal;
import io.cybernetcall.signalstore.repository.SignalRepository;
import io.cybernetcall.signalstore.service.InboxWakeups;
import io.cybernetcall.signalstore.service.StoreMetrics;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Persists {@code signal.routed} events through the consumer group {@code signal-store}, a batch in
 * one statement, from every shard of the signal stream. An event is acknowledged only after its row
 * is committed (or was already there); while PostgreSQL is unreachable events stay pending; one
 * whose sequence number another signal took is dead-lettered. Reading, reclaiming, retrying and
 * dead-lettering are the platform's consumer; this class only stores.
 */
@ApplicationScoped
public class RoutedSignalHandler {

  static final String GROUP = "signal-store";
  private static final Logger LOG = Logger.getLogger(RoutedSignalHandler.class);
  private static final Duration STORE_TIMEOUT = Duration.ofSeconds(10);

  private final StreamConsumers consumers;
  private final SignalRepository signals;
  private final InboxWakeups wakeups;
  private final StoreMetrics metrics;
  private final String consumerName;
  private final List<String> streams;

  public RoutedSignalHandler(
      StreamConsumers consumers,
      SignalRepository signals,
      InboxWakeups wakeups,
      StoreMetrics metrics,
      SignalStoreConfig config,
      EventStreamsConfig events) {
    this.consumers = consumers;
    this.signals = signals;
    this.wakeups = wakeups;
    this.metrics = metrics;
    this.consumerName = config.replicaId().orElseGet(() -> "store-" + UUID.randomUUID());
    // Every shard of the signal stream (each on its own Redis Cluster slot), and the stream of
    // the layout before shards, which a deployment that upgraded may still hold entries of.
    this.streams = new ArrayList<>();
    this.streams.addAll(
        new ShardedStream(StreamNames.SIGNAL_EVENTS, events.signalShards()).streams());
    this.streams.add(StreamNames.SIGNAL_EVENTS);
  }

  void start(@Observes StartupEvent started) {
    consumers.consume(
        new ConsumerGroup(GROUP, consumerName, streams, ConsumerGroup.FROM_START), this::store);
  }

  /** Stores a batch in one statement; a failure leaves the whole batch to the retry policy. */
  void store(List<ReceivedEvent> batch, Outcomes outcomes) {
    Map<UUID, ReceivedEvent> bySignal = new LinkedHashMap<>();
    List<NewSignal> rows = new ArrayList<>(batch.size());
    for (ReceivedEvent event : batch) {
      if (!EventTypes.SIGNAL_ROUTED.equals(event.type())) {
        outcomes.applied(event);
        continue;
      }
      try {
        NewSignal row = toRow(event.data(SignalRouted.class));
        if (bySignal.putIfAbsent(row.signalId(), event) == null) {
          rows.add(row);
        } else {
          outcomes.applied(event);
        }
      } catch (UnreadableEvent e) {
        outcomes.rejected(event, "unreadable event: " + e.getMessage());
      }
    }
    if (rows.isEmpty()) {
      return;
    }
    SignalRepository.InsertOutcome stored = signals.insertAll(rows).await().atMost(STORE_TIMEOUT);
    Set<UUID> woken = new LinkedHashSet<>();
    for (NewSignal row : rows) {
      ReceivedEvent event = bySignal.get(row.signalId());
      if (stored.sequenceConflicts().contains(row.signalId())) {
        outcomes.rejected(event, "sequence number " + row.seq() + " is taken by another signal");
      } else {
        if (stored.inserted().contains(row.signalId())) {
          woken.add(row.recipientId());
        }
        outcomes.applied(event);
      }
    }
    metrics.stored(stored.inserted().size());
    metrics.duplicates(rows.size() - stored.inserted().size() - stored.sequenceConflicts().size());
    wakeups
        .announce(woken)
        .subscribe()
        .with(ok -> {}, e -> LOG.warnf("Wake-up not published: %s", e.toString()));
  }

  private static NewSignal toRow(SignalRouted signal) {
    try {
      return new NewSignal(
          UUID.fromString(signal.signalId()),
          UUID.fromString(signal.recipientId()),
          signal.seq(),
          UUID.fromString(signal.senderId()),
          signal.frame(),
          signal.keepUntil() == null
              ? null
              : OffsetDateTime.ofInstant(Instant.parse(signal.keepUntil()), ZoneOffset.UTC),
          signal.prevSeq());
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new UnreadableEvent("an id is not a UUID, or keepUntil not an instant");
    }
  }
}
