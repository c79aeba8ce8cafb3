package io.cybernetcall.signaling.listener;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cybernetcall.contracts.events.EventFields;
import io.cybernetcall.contracts.events.EventTypes;
import io.cybernetcall.contracts.events.StreamNames;
import io.cybernetcall.signaling.service.ContactCache;
import io.cybernetcall.signaling.service.Replica;
import io.cybernetcall.signaling.service.SessionCloser;
import io.cybernetcall.signaling.service.SignalingService;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Keeps signaling in step with the other services. Contact events (auth-service) and long-poll
 * presence events (signal-store-service) go through the consumer group {@code signaling}: one
 * replica applies each to the shared state in Redis, acknowledges after applying, and entries a
 * crashed replica left pending are reclaimed. Session revocations are read by every replica, since
 * each closes its own sockets.
 */
@ApplicationScoped
public class EventListener {

  static final String GROUP = "signaling";
  private static final List<String> GROUP_STREAMS =
      List.of(StreamNames.CONTACT_EVENTS, StreamNames.INBOX_EVENTS);
  private static final Logger LOG = Logger.getLogger(EventListener.class);
  private static final Duration BLOCK = Duration.ofSeconds(1);
  private static final Duration RECLAIM_AFTER = Duration.ofSeconds(30);

  private final RedisDataSource redis;
  private final ContactCache contacts;
  private final SessionCloser closer;
  private final SignalingService signaling;
  private final Replica replica;
  private final ObjectMapper json;
  private final AtomicBoolean running = new AtomicBoolean();
  private ExecutorService workers;

  public EventListener(
      RedisDataSource redis,
      ContactCache contacts,
      SessionCloser closer,
      SignalingService signaling,
      Replica replica,
      ObjectMapper json) {
    this.redis = redis;
    this.contacts = contacts;
    this.closer = closer;
    this.signaling = signaling;
    this.replica = replica;
    this.json = json;
  }

  void start(@Observes StartupEvent started) {
    for (String stream : GROUP_STREAMS) {
      try {
        redis.stream(String.class)
            .xgroupCreate(stream, GROUP, "0", new XGroupCreateArgs().mkstream());
      } catch (RuntimeException e) {
        if (!String.valueOf(e.getMessage()).contains("BUSYGROUP")) {
          throw e;
        }
      }
    }
    running.set(true);
    workers = Executors.newFixedThreadPool(2, r -> new Thread(r, "event-listener"));
    workers.submit(this::consumeGroupEvents);
    workers.submit(this::followSessionRevocations);
  }

  void stop(@Observes ShutdownEvent stopping) {
    running.set(false);
    if (workers != null) {
      workers.shutdownNow();
    }
  }

  private void consumeGroupEvents() {
    String consumer = replica.id();
    long lastReclaim = 0;
    Map<String, String> fromNew = new LinkedHashMap<>();
    GROUP_STREAMS.forEach(stream -> fromNew.put(stream, ">"));
    while (running.get()) {
      try {
        if (System.currentTimeMillis() - lastReclaim > RECLAIM_AFTER.toMillis()) {
          lastReclaim = System.currentTimeMillis();
          for (String stream : GROUP_STREAMS) {
            redis.stream(String.class)
                .xautoclaim(stream, GROUP, consumer, RECLAIM_AFTER, "0-0", 100)
                .getMessages()
                .forEach(this::applyAndAck);
          }
        }
        List<StreamMessage<String, String, String>> batch =
            redis.stream(String.class)
                .xreadgroup(GROUP, consumer, fromNew, new XReadGroupArgs().count(100).block(BLOCK));
        batch.forEach(this::applyAndAck);
      } catch (RuntimeException e) {
        pauseAfter(e);
      }
    }
  }

  private void applyAndAck(StreamMessage<String, String, String> message) {
    Map<String, String> fields = message.payload();
    JsonNode data = parse(fields.get(EventFields.DATA));
    String type = fields.get(EventFields.TYPE);
    if (data != null) {
      switch (type) {
        case EventTypes.CONTACT_ACCEPTED ->
            contacts
                .grant(data.path("userId").asText(), data.path("contactId").asText())
                .await()
                .atMost(Duration.ofSeconds(5));
        case EventTypes.CONTACT_REMOVED ->
            contacts
                .revoke(data.path("userId").asText(), data.path("contactId").asText())
                .await()
                .atMost(Duration.ofSeconds(5));
        case EventTypes.CONTACT_BLOCKED ->
            contacts
                .revoke(data.path("userId").asText(), data.path("blockedUserId").asText())
                .await()
                .atMost(Duration.ofSeconds(5));
        case EventTypes.INBOX_POLLING_STARTED ->
            signaling
                .longPollStarted(data.path("userId").asText())
                .await()
                .atMost(Duration.ofSeconds(5));
        case EventTypes.INBOX_POLLING_STOPPED ->
            signaling
                .longPollStopped(data.path("userId").asText())
                .await()
                .atMost(Duration.ofSeconds(5));
        default -> {
          // contact.requested changes no authorization
        }
      }
    }
    // Acknowledged only after the change is applied; a crash before this leaves it pending.
    redis.stream(String.class).xack(message.key(), GROUP, message.id());
  }

  private void followSessionRevocations() {
    String from = "$";
    while (running.get()) {
      try {
        List<StreamMessage<String, String, String>> batch =
            redis.stream(String.class)
                .xread(StreamNames.USER_EVENTS, from, new XReadArgs().count(100).block(BLOCK));
        for (StreamMessage<String, String, String> message : batch) {
          from = message.id();
          if (EventTypes.USER_SESSIONS_REVOKED.equals(message.payload().get(EventFields.TYPE))) {
            JsonNode data = parse(message.payload().get(EventFields.DATA));
            if (data != null) {
              closer.closeRevoked(
                  data.path("userId").asText(),
                  data.path("sessionId").isNull() ? null : data.path("sessionId").asText());
            }
          }
        }
      } catch (RuntimeException e) {
        pauseAfter(e);
      }
    }
  }

  private JsonNode parse(String data) {
    try {
      return data == null ? null : json.readTree(data);
    } catch (IOException e) {
      LOG.warnf("Ignoring an event with an unreadable payload: %s", e.getMessage());
      return null;
    }
  }

  private void pauseAfter(RuntimeException e) {
    if (!running.get()) {
      return;
    }
    LOG.warnf("Event listener failed, retrying: %s", e.toString());
    try {
      Thread.sleep(1000);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      running.set(false);
    }
  }
}
