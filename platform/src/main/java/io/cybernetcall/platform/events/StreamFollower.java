package io.cybernetcall.platform.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XReadArgs;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Reads one stream from a given point on, without a consumer group: every replica sees every event.
 * For events each replica must act on itself (closing its own sockets, forgetting a revoked
 * session); a group would hand each event to one replica only. Nothing is acknowledged, so a failed
 * event is logged and skipped: followers apply state that is also checked elsewhere.
 */
public final class StreamFollower {

  private static final Logger LOG = Logger.getLogger(StreamFollower.class);

  private final String stream;
  private final String from;
  private final EventHandler.Single handler;
  private final RedisDataSource redis;
  private final ObjectMapper json;
  private final Duration block;
  private final RetryPolicy pauses;
  private final Clock clock;
  private final AtomicBoolean running = new AtomicBoolean();
  private Thread thread;

  StreamFollower(
      String stream,
      String from,
      EventHandler.Single handler,
      RedisDataSource redis,
      ObjectMapper json,
      EventStreamsConfig config,
      Clock clock) {
    this.stream = stream;
    this.from = from;
    this.handler = handler;
    this.redis = redis;
    this.json = json;
    this.block = config.consumer().block();
    this.clock = clock;
    this.pauses =
        new RetryPolicy(1, config.consumer().backoff(), config.consumer().maxBackoff(), clock);
  }

  void start() {
    running.set(true);
    thread = new Thread(this::follow, "follow-" + stream);
    thread.setDaemon(true);
    thread.start();
  }

  void stop() {
    running.set(false);
    if (thread != null) {
      thread.interrupt();
    }
  }

  private void follow() {
    String from = this.from;
    while (running.get()) {
      try {
        List<StreamMessage<String, String, String>> batch =
            redis.stream(String.class).xread(stream, from, new XReadArgs().count(100).block(block));
        for (StreamMessage<String, String, String> message : batch) {
          from = message.id();
          apply(message);
        }
        pauses.succeeded(from);
      } catch (RuntimeException e) {
        if (running.get()) {
          LOG.warnf("Following %s failed, retrying: %s", stream, e.toString());
          pause();
        }
      }
    }
  }

  private void apply(StreamMessage<String, String, String> message) {
    try {
      handler.handle(
          new ReceivedEvent(stream, message.id(), EventEnvelope.decode(message.payload()), json));
    } catch (Exception e) {
      LOG.warnf("Skipping event %s of %s: %s", message.id(), stream, e.toString());
    }
  }

  private void pause() {
    long millis = Duration.between(clock.instant(), pauses.pauseAfterReadFailure()).toMillis();
    try {
      Thread.sleep(Math.max(1, millis));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      running.set(false);
    }
  }
}
