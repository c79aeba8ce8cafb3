package io.cybernetcall.signalstore.listener;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cybernetcall.contracts.events.EventFields;
import io.cybernetcall.contracts.events.EventTypes;
import io.cybernetcall.contracts.events.StreamNames;
import io.cybernetcall.signalstore.config.SignalStoreConfig;
import io.cybernetcall.signalstore.repository.NewSignal;
import io.cybernetcall.signalstore.repository.SignalRepository;
import io.cybernetcall.signalstore.service.DatabaseFailures;
import io.cybernetcall.signalstore.service.InboxWakeups;
import io.cybernetcall.signalstore.service.StoreMetrics;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Persists {@code signal.routed} events through the consumer group {@code signal-store}. An entry
 * is acknowledged only after its row is committed (or was already there); while PostgreSQL is
 * unreachable entries stay pending and are retried; entries a crashed replica left pending are
 * reclaimed with XAUTOCLAIM; an entry that cannot be stored after several attempts, or can never be
 * (unreadable, or its sequence number taken by another signal), goes to the dead-letter stream.
 */
@ApplicationScoped
public class SignalEventConsumer {

  static final String GROUP = "signal-store";
  private static final Logger LOG = Logger.getLogger(SignalEventConsumer.class);
  private static final Duration BLOCK = Duration.ofSeconds(1);
  private static final Duration STORE_TIMEOUT = Duration.ofSeconds(10);

  private final RedisDataSource redis;
  private final SignalRepository signals;
  private final InboxWakeups wakeups;
  private final StoreMetrics metrics;
  private final SignalStoreConfig config;
  private final ObjectMapper json;
  private final String consumer;
  private final AtomicBoolean running = new AtomicBoolean();
  private final Map<String, Integer> failedAttempts = new HashMap<>();
  private ExecutorService worker;

  public SignalEventConsumer(
      RedisDataSource redis,
      SignalRepository signals,
      InboxWakeups wakeups,
      StoreMetrics metrics,
      SignalStoreConfig config,
      ObjectMapper json) {
    this.redis = redis;
    this.signals = signals;
    this.wakeups = wakeups;
    this.metrics = metrics;
    this.config = config;
    this.json = json;
    this.consumer = config.replicaId().orElseGet(() -> "store-" + UUID.randomUUID());
  }

  void start(@Observes StartupEvent started) {
    try {
      redis.stream(String.class)
          .xgroupCreate(StreamNames.SIGNAL_EVENTS, GROUP, "0", new XGroupCreateArgs().mkstream());
    } catch (RuntimeException e) {
      if (!String.valueOf(e.getMessage()).contains("BUSYGROUP")) {
        throw e;
      }
    }
    running.set(true);
    worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "signal-event-consumer"));
    worker.submit(this::consume);
  }

  void stop(@Observes ShutdownEvent stopping) {
    running.set(false);
    if (worker != null) {
      worker.shutdownNow();
    }
  }

  private void consume() {
    // After a start or a failure, our own pending entries (read, never acknowledged) come first.
    boolean ownPendingFirst = true;
    long nextReclaim = 0;
    while (running.get()) {
      try {
        if (ownPendingFirst) {
          List<StreamMessage<String, String, String>> pending = read("0", null);
          if (pending.isEmpty()) {
            ownPendingFirst = false;
          } else {
            ownPendingFirst = !process(pending);
            continue;
          }
        }
        if (System.currentTimeMillis() >= nextReclaim) {
          nextReclaim = System.currentTimeMillis() + config.consumer().reclaimInterval().toMillis();
          List<StreamMessage<String, String, String>> reclaimed =
              redis.stream(String.class)
                  .xautoclaim(
                      StreamNames.SIGNAL_EVENTS,
                      GROUP,
                      consumer,
                      config.consumer().reclaimAfter(),
                      "0-0",
                      config.consumer().batchSize())
                  .getMessages();
          if (!reclaimed.isEmpty()) {
            LOG.infof("Reclaimed %d entries a crashed consumer left pending", reclaimed.size());
            ownPendingFirst = !process(reclaimed);
            continue;
          }
        }
        ownPendingFirst = !process(read(">", BLOCK));
      } catch (RuntimeException e) {
        ownPendingFirst = true;
        pauseAfter(e);
      }
    }
  }

  private List<StreamMessage<String, String, String>> read(String from, Duration block) {
    XReadGroupArgs args = new XReadGroupArgs().count(config.consumer().batchSize());
    if (block != null) {
      args.block(block);
    }
    return redis.stream(String.class)
        .xreadgroup(GROUP, consumer, StreamNames.SIGNAL_EVENTS, from, args);
  }

  /** Stores a batch; returns false when something stays pending and must be read again. */
  private boolean process(List<StreamMessage<String, String, String>> batch) {
    if (batch.isEmpty()) {
      return true;
    }
    Map<UUID, StreamMessage<String, String, String>> bySignal = new LinkedHashMap<>();
    List<NewSignal> rows = new ArrayList<>(batch.size());
    List<String> done = new ArrayList<>(batch.size());
    for (StreamMessage<String, String, String> message : batch) {
      Map<String, String> fields = message.payload();
      if (!EventTypes.SIGNAL_ROUTED.equals(fields.get(EventFields.TYPE))) {
        done.add(message.id());
        continue;
      }
      try {
        NewSignal signal = parse(fields);
        if (bySignal.putIfAbsent(signal.signalId(), message) == null) {
          rows.add(signal);
        } else {
          done.add(message.id());
        }
      } catch (RuntimeException e) {
        deadLetter(message, "unreadable event: " + e.getMessage());
        done.add(message.id());
      }
    }
    boolean complete = true;
    if (!rows.isEmpty()) {
      complete = store(rows, bySignal, done);
    }
    if (!done.isEmpty()) {
      redis.stream(String.class)
          .xack(StreamNames.SIGNAL_EVENTS, GROUP, done.toArray(String[]::new));
    }
    return complete;
  }

  private boolean store(
      List<NewSignal> rows,
      Map<UUID, StreamMessage<String, String, String>> bySignal,
      List<String> done) {
    SignalRepository.InsertOutcome outcome;
    try {
      outcome = signals.insertAll(rows).await().atMost(STORE_TIMEOUT);
    } catch (RuntimeException e) {
      if (DatabaseFailures.isUnavailable(e)) {
        // Not the entries' fault: they stay pending and are retried without counting attempts.
        LOG.warnf("PostgreSQL unavailable, %d signals stay pending: %s", rows.size(), e);
        pause();
        return false;
      }
      return countFailedAttempt(bySignal, done, e);
    }
    Set<UUID> woken = new LinkedHashSet<>();
    for (NewSignal row : rows) {
      StreamMessage<String, String, String> message = bySignal.get(row.signalId());
      failedAttempts.remove(message.id());
      if (outcome.sequenceConflicts().contains(row.signalId())) {
        deadLetter(message, "sequence number " + row.seq() + " is taken by another signal");
      } else if (outcome.inserted().contains(row.signalId())) {
        woken.add(row.recipientId());
      }
      done.add(message.id());
    }
    metrics.stored(outcome.inserted().size());
    metrics.duplicates(
        rows.size() - outcome.inserted().size() - outcome.sequenceConflicts().size());
    wakeups
        .announce(woken)
        .subscribe()
        .with(ok -> {}, e -> LOG.warnf("Wake-up not published: %s", e.toString()));
    return true;
  }

  private boolean countFailedAttempt(
      Map<UUID, StreamMessage<String, String, String>> bySignal,
      List<String> done,
      RuntimeException failure) {
    LOG.warnf("Storing %d signals failed: %s", bySignal.size(), failure.toString());
    boolean complete = true;
    for (StreamMessage<String, String, String> message : bySignal.values()) {
      int attempts = failedAttempts.merge(message.id(), 1, Integer::sum);
      if (attempts >= config.consumer().maxAttempts()) {
        failedAttempts.remove(message.id());
        deadLetter(message, "failed " + attempts + " times: " + failure.getMessage());
        done.add(message.id());
      } else {
        complete = false;
      }
    }
    return complete;
  }

  private NewSignal parse(Map<String, String> fields) {
    if (!"1".equals(fields.get(EventFields.VERSION))) {
      throw new IllegalArgumentException("unsupported version " + fields.get(EventFields.VERSION));
    }
    JsonNode data;
    try {
      data = json.readTree(fields.get(EventFields.DATA));
    } catch (Exception e) {
      throw new IllegalArgumentException("data is not JSON");
    }
    if (data == null || !data.path("seq").canConvertToLong() || data.path("seq").asLong() < 1) {
      throw new IllegalArgumentException("seq missing or not a positive integer");
    }
    String frame = data.path("frame").asText(null);
    if (frame == null || frame.isEmpty() || frame.charAt(0) != '{') {
      throw new IllegalArgumentException("frame missing");
    }
    return new NewSignal(
        UUID.fromString(data.path("signalId").asText()),
        UUID.fromString(data.path("recipientId").asText()),
        data.path("seq").asLong(),
        UUID.fromString(data.path("senderId").asText()),
        frame);
  }

  private void deadLetter(StreamMessage<String, String, String> message, String reason) {
    LOG.warnf("Dead-lettering event %s: %s", message.id(), reason);
    Map<String, String> entry = new LinkedHashMap<>(message.payload());
    entry.put("deadLetter.streamId", message.id());
    entry.put("deadLetter.reason", reason);
    entry.put("deadLetter.at", Instant.now().toString());
    redis.stream(String.class)
        .xadd(
            config.consumer().deadLetterStream(),
            new XAddArgs().maxlen(10_000L).nearlyExactTrimming(),
            entry);
    metrics.deadLettered();
  }

  private void pauseAfter(RuntimeException e) {
    if (running.get()) {
      LOG.warnf("Signal event consumer failed, retrying: %s", e.toString());
      pause();
    }
  }

  private void pause() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      running.set(false);
    }
  }
}
