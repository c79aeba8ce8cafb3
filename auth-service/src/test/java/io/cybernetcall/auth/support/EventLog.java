package io.cybernetcall.auth.support;

import io.cybernetcall.contracts.events.EventFields;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** Reads what the outbox relay really appended to the Redis Streams. */
@ApplicationScoped
public class EventLog {

  private final RedisDataSource redis;

  public EventLog(RedisDataSource redis) {
    this.redis = redis;
  }

  /** Every entry of {@code stream} whose fields match. */
  public List<Map<String, String>> entries(String stream, Predicate<Map<String, String>> filter) {
    return redis.stream(String.class, String.class, String.class)
        .xrange(stream, io.quarkus.redis.datasource.stream.StreamRange.of("-", "+"))
        .stream()
        .map(StreamMessage::payload)
        .filter(filter)
        .toList();
  }

  public List<Map<String, String>> ofType(String stream, String type, String subject) {
    return entries(
        stream,
        e -> type.equals(e.get(EventFields.TYPE)) && subject.equals(e.get(EventFields.SUBJECT)));
  }

  /** Waits until exactly {@code count} such events are there, and stays so for a moment. */
  public List<Map<String, String>> awaitExactly(
      String stream, String type, String subject, int count) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ofType(stream, type, subject).size() >= count);
    // Give a duplicate (a second relay round) the chance to show up before asserting.
    Awaitility.await().pollDelay(Duration.ofMillis(1200)).until(() -> true);
    return ofType(stream, type, subject);
  }
}
