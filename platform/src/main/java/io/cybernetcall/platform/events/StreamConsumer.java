package io.cybernetcall.platform.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The one Redis Streams consumer of every service. On its own thread it:
 *
 * <ol>
 *   <li>creates the group (idempotently) on each stream;
 *   <li>reads its own pending entries first (read before a crash or a failure, never acknowledged),
 *       then new ones, blocking briefly;
 *   <li>every {@code reclaim-interval}, takes over entries other consumers left pending longer than
 *       {@code reclaim-after} (XAUTOCLAIM);
 *   <li>hands each batch to the service's {@link EventHandler}, acknowledges what was applied,
 *       dead-letters what never can be, and leaves the rest pending as the {@link RetryPolicy}
 *       decides, pausing with backoff.
 * </ol>
 *
 * An event is acknowledged only after its handler applied it, so a crash at any point redelivers
 * it: handlers are idempotent (they deduplicate on the event id or apply absolute state).
 */
public final class StreamConsumer {

  private static final Logger LOG = Logger.getLogger(StreamConsumer.class);

  private final ConsumerGroup group;
  private final EventHandler handler;
  private final RedisDataSource redis;
  private final ObjectMapper json;
  private final EventStreamsConfig config;
  private final Clock clock;
  private final RetryPolicy retries;
  private final EventMetrics metrics;
  private final AtomicBoolean running = new AtomicBoolean();
  private Thread thread;
  private Instant nextReclaim = Instant.MIN;

  StreamConsumer(
      ConsumerGroup group,
      EventHandler handler,
      RedisDataSource redis,
      ObjectMapper json,
      EventStreamsConfig config,
      Clock clock,
      EventMetrics metrics) {
    this.group = group;
    this.handler = handler;
    this.redis = redis;
    this.json = json;
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
    this.retries =
        new RetryPolicy(
            config.consumer().maxAttempts(),
            config.consumer().backoff(),
            config.consumer().maxBackoff(),
            clock);
  }

  void start() {
    for (String stream : group.streams()) {
      try {
        streams()
            .xgroupCreate(stream, group.name(), group.startAt(), new XGroupCreateArgs().mkstream());
      } catch (RuntimeException e) {
        if (!String.valueOf(e.getMessage()).contains("BUSYGROUP")) {
          throw e;
        }
      }
    }
    running.set(true);
    thread = new Thread(this::consume, "events-" + group.name() + "-" + group.streams().get(0));
    thread.setDaemon(true);
    thread.start();
  }

  void stop() {
    running.set(false);
    if (thread != null) {
      thread.interrupt();
    }
  }

  private void consume() {
    boolean ownPendingFirst = true;
    while (running.get()) {
      try {
        if (ownPendingFirst) {
          List<StreamMessage<String, String, String>> pending = read("0", null);
          if (!pending.isEmpty()) {
            ownPendingFirst = !process(pending);
            continue;
          }
          ownPendingFirst = false;
        }
        if (!clock.instant().isBefore(nextReclaim)) {
          nextReclaim = clock.instant().plus(config.consumer().reclaimInterval());
          ownPendingFirst = !reclaim();
        }
        ownPendingFirst = !process(read(">", config.consumer().block())) || ownPendingFirst;
      } catch (RuntimeException e) {
        if (running.get()) {
          LOG.warnf("Consumer group %s failed to read, retrying: %s", group.name(), e.toString());
          ownPendingFirst = true;
          sleepUntil(retries.pauseAfterReadFailure());
        }
      }
    }
  }

  private boolean reclaim() {
    boolean complete = true;
    for (String stream : group.streams()) {
      List<StreamMessage<String, String, String>> reclaimed =
          streams()
              .xautoclaim(
                  stream,
                  group.name(),
                  group.consumer(),
                  config.consumer().reclaimAfter(),
                  "0-0",
                  config.consumer().batchSize())
              .getMessages();
      if (!reclaimed.isEmpty()) {
        LOG.infof(
            "Group %s reclaimed %d entries of %s a crashed consumer left pending",
            group.name(), reclaimed.size(), stream);
        metrics.reclaimed(reclaimed.size());
        complete &= process(reclaimed);
      }
    }
    return complete;
  }

  private List<StreamMessage<String, String, String>> read(String from, Duration block) {
    XReadGroupArgs args = new XReadGroupArgs().count(config.consumer().batchSize());
    if (block != null) {
      args.block(block);
    }
    Map<String, String> offsets = new LinkedHashMap<>();
    group.streams().forEach(stream -> offsets.put(stream, from));
    return streams().xreadgroup(group.name(), group.consumer(), offsets, args);
  }

  /** Handles a batch; returns false when something stays pending and must be read again. */
  private boolean process(List<StreamMessage<String, String, String>> batch) {
    if (batch.isEmpty()) {
      return true;
    }
    List<ReceivedEvent> readable = new ArrayList<>(batch.size());
    Map<String, List<String>> acks = new LinkedHashMap<>();
    for (StreamMessage<String, String, String> message : batch) {
      try {
        readable.add(
            new ReceivedEvent(
                message.key(), message.id(), EventEnvelope.decode(message.payload()), json));
      } catch (UnreadableEvent e) {
        deadLetter(
            message.key(), message.id(), message.payload(), "unreadable event: " + e.getMessage());
        ack(acks, message.key(), message.id());
      }
    }
    Outcomes outcomes = new Outcomes(readable);
    try {
      handler.handle(readable, outcomes);
    } catch (RuntimeException e) {
      outcomes.failAllUnmarked(e);
    }
    boolean complete = true;
    Instant retryAt = null;
    int applied = 0;
    for (ReceivedEvent event : readable) {
      Outcomes.Outcome outcome = outcomes.of(event);
      if (outcome instanceof Outcomes.Applied) {
        retries.succeeded(event.entryId());
        ack(acks, event.stream(), event.entryId());
        applied++;
      } else if (outcome instanceof Outcomes.Rejected rejected) {
        deadLetter(event, rejected.reason());
        ack(acks, event.stream(), event.entryId());
      } else if (outcome instanceof Outcomes.Failed failed) {
        RetryPolicy.Decision decision = retries.failed(event.entryId(), failed.failure());
        if (decision instanceof RetryPolicy.DeadLetter dead) {
          deadLetter(event, dead.reason());
          ack(acks, event.stream(), event.entryId());
        } else if (decision instanceof RetryPolicy.RetryLater later) {
          logRetry(event, failed.failure(), later);
          metrics.retried();
          complete = false;
          retryAt = later.notBefore();
        }
      } else {
        complete = false;
      }
    }
    metrics.applied(applied);
    acks.forEach((stream, ids) -> streams().xack(stream, group.name(), ids.toArray(String[]::new)));
    if (retryAt != null) {
      sleepUntil(retryAt);
    }
    return complete;
  }

  private void logRetry(ReceivedEvent event, Throwable failure, RetryPolicy.RetryLater later) {
    if (later.dependencyDown()) {
      LOG.warnf(
          "Group %s: a dependency is unavailable, event %s stays pending: %s",
          group.name(), event.entryId(), failure.toString());
    } else {
      LOG.warnf(
          "Group %s: event %s failed (attempt %d), retrying: %s",
          group.name(), event.entryId(), later.attempt(), failure.toString());
    }
  }

  private void deadLetter(ReceivedEvent event, String reason) {
    deadLetter(event.stream(), event.entryId(), event.envelope().fields(), reason);
  }

  private void deadLetter(
      String stream, String entryId, Map<String, String> payload, String reason) {
    LOG.warnf("Group %s dead-letters %s of %s: %s", group.name(), entryId, stream, reason);
    Map<String, String> entry = new LinkedHashMap<>(payload);
    entry.put("deadLetter.stream", stream);
    entry.put("deadLetter.streamId", entryId);
    entry.put("deadLetter.reason", reason);
    entry.put("deadLetter.at", clock.instant().toString());
    streams()
        .xadd(
            group.deadLetterStream(),
            new XAddArgs().maxlen(config.deadLetterMaxLength()).nearlyExactTrimming(),
            entry);
    metrics.deadLettered();
  }

  private static void ack(Map<String, List<String>> acks, String stream, String entryId) {
    acks.computeIfAbsent(stream, s -> new ArrayList<>()).add(entryId);
  }

  private StreamCommands<String, String, String> streams() {
    return redis.stream(String.class);
  }

  private void sleepUntil(Instant wakeUp) {
    long millis = Duration.between(clock.instant(), wakeUp).toMillis();
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      running.set(false);
    }
  }
}
