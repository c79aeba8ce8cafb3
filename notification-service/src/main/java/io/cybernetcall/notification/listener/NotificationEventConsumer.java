package io.cybernetcall.notification.listener;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cybernetcall.contracts.events.EventFields;
import io.cybernetcall.contracts.events.StreamNames;
import io.cybernetcall.notification.config.NotificationConfig;
import io.cybernetcall.notification.service.DeliverySender;
import io.cybernetcall.notification.service.NotificationService;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Reads account, contact and call events through the consumer group {@code notification}. Each
 * entry is acknowledged only after its delivery decision is committed; while PostgreSQL is
 * unreachable entries stay pending and are retried; entries a crashed replica left pending are
 * reclaimed; an entry that keeps failing goes to the dead-letter stream.
 */
@ApplicationScoped
public class NotificationEventConsumer {

  static final String GROUP = "notification";
  static final String DEAD_LETTERS = "cybernet:dead:notification";
  private static final List<String> STREAMS =
      List.of(StreamNames.USER_EVENTS, StreamNames.CONTACT_EVENTS, StreamNames.CALL_EVENTS);
  private static final Logger LOG = Logger.getLogger(NotificationEventConsumer.class);
  private static final Duration BLOCK = Duration.ofSeconds(1);
  private static final int MAX_ATTEMPTS = 5;

  private final RedisDataSource redis;
  private final NotificationService notifications;
  private final DeliverySender sender;
  private final ObjectMapper json;
  private final String consumer;
  private final Duration maxEventAge;
  private final Duration reclaimAfter;
  private final AtomicBoolean running = new AtomicBoolean();
  private final Map<String, Integer> failedAttempts = new HashMap<>();
  private ExecutorService worker;

  public NotificationEventConsumer(
      RedisDataSource redis,
      NotificationService notifications,
      DeliverySender sender,
      NotificationConfig config,
      ObjectMapper json) {
    this.redis = redis;
    this.notifications = notifications;
    this.sender = sender;
    this.json = json;
    this.consumer = config.replicaId().orElseGet(() -> "notification-" + UUID.randomUUID());
    this.maxEventAge = config.maxEventAge();
    this.reclaimAfter = config.reclaimAfter();
  }

  void start(@Observes StartupEvent started) {
    for (String stream : STREAMS) {
      try {
        // "$": a first deployment must not mail the stream's history (old welcomes, expired links).
        redis.stream(String.class)
            .xgroupCreate(stream, GROUP, "$", new XGroupCreateArgs().mkstream());
      } catch (RuntimeException e) {
        if (!String.valueOf(e.getMessage()).contains("BUSYGROUP")) {
          throw e;
        }
      }
    }
    running.set(true);
    worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "notification-events"));
    worker.submit(this::consume);
  }

  void stop(@Observes ShutdownEvent stopping) {
    running.set(false);
    if (worker != null) {
      worker.shutdownNow();
    }
  }

  private void consume() {
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
          nextReclaim = System.currentTimeMillis() + reclaimAfter.toMillis() / 3;
          boolean complete = true;
          for (String stream : STREAMS) {
            complete &=
                process(
                    redis.stream(String.class)
                        .xautoclaim(stream, GROUP, consumer, reclaimAfter, "0-0", 100)
                        .getMessages());
          }
          ownPendingFirst = !complete;
        }
        ownPendingFirst = !process(read(">", BLOCK)) || ownPendingFirst;
      } catch (RuntimeException e) {
        ownPendingFirst = true;
        pauseAfter(e);
      }
    }
  }

  private List<StreamMessage<String, String, String>> read(String from, Duration block) {
    XReadGroupArgs args = new XReadGroupArgs().count(100);
    if (block != null) {
      args.block(block);
    }
    Map<String, String> offsets = new LinkedHashMap<>();
    STREAMS.forEach(stream -> offsets.put(stream, from));
    return redis.stream(String.class).xreadgroup(GROUP, consumer, offsets, args);
  }

  /** Records each entry; returns false when one stays pending (PostgreSQL unreachable). */
  private boolean process(List<StreamMessage<String, String, String>> batch) {
    for (StreamMessage<String, String, String> message : batch) {
      Map<String, String> fields = message.payload();
      try {
        if (fields.get(EventFields.TYPE) != null
            && isRecent(fields)
            && notifications.record(
                fields.get(EventFields.ID), fields.get(EventFields.TYPE), data(fields))) {
          sender.poke();
        }
      } catch (RuntimeException e) {
        if (isUnavailable(e)) {
          LOG.warnf("PostgreSQL unavailable, events stay pending: %s", e.toString());
          pause();
          return false;
        }
        int attempts = failedAttempts.merge(message.id(), 1, Integer::sum);
        if (attempts < MAX_ATTEMPTS && !(e instanceof IllegalArgumentException)) {
          LOG.warnf("Event %s failed (attempt %d): %s", message.id(), attempts, e.toString());
          pause();
          return false;
        }
        deadLetter(message, e.toString());
      }
      failedAttempts.remove(message.id());
      redis.stream(String.class).xack(message.key(), GROUP, message.id());
    }
    return true;
  }

  /** Events older than the configured age (a consumer that was down for a day) are not mailed. */
  private boolean isRecent(Map<String, String> fields) {
    Instant occurred;
    try {
      occurred = Instant.parse(fields.get(EventFields.OCCURRED_AT));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("occurredAt is not an ISO-8601 instant");
    }
    if (occurred.isBefore(Instant.now().minus(maxEventAge))) {
      LOG.infof("Not mailing event %s: it occurred at %s", fields.get(EventFields.ID), occurred);
      return false;
    }
    return true;
  }

  private ObjectNode data(Map<String, String> fields) {
    try {
      JsonNode data = json.readTree(fields.get(EventFields.DATA));
      if (data instanceof ObjectNode object) {
        return object;
      }
    } catch (Exception e) {
      // reported below
    }
    throw new IllegalArgumentException("event data is not a JSON object");
  }

  private void deadLetter(StreamMessage<String, String, String> message, String reason) {
    LOG.warnf("Dead-lettering event %s of %s: %s", message.id(), message.key(), reason);
    Map<String, String> entry = new LinkedHashMap<>(message.payload());
    entry.put("deadLetter.stream", message.key());
    entry.put("deadLetter.streamId", message.id());
    entry.put("deadLetter.reason", reason);
    entry.put("deadLetter.at", Instant.now().toString());
    redis.stream(String.class)
        .xadd(DEAD_LETTERS, new XAddArgs().maxlen(10_000L).nearlyExactTrimming(), entry);
  }

  /** Refused or lost database connections: retry later, the entry is not at fault. */
  static boolean isUnavailable(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException) {
        return true;
      }
      if (cause instanceof SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().startsWith("08")) {
        return true;
      }
      if (String.valueOf(cause.getMessage()).contains("Acquisition timeout")) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  private void pauseAfter(RuntimeException e) {
    if (running.get()) {
      LOG.warnf("Notification event consumer failed, retrying: %s", e.toString());
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
