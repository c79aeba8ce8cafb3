package io.cybernetcall.signalstore;

import io.cybernetcall.contracts.events.EventTypes;
import io.cybernetcall.contracts.events.StreamNames;
import io.cybernetcall.platform.events.ShardedStream;
import io.cybernetcall.testsupport.EventEntries;
import io.quarkus.redis.datasource.RedisDataSource;
import java.util.Map;
import java.util.UUID;

/**
 * Appends {@code signal.routed} events exactly as signaling-service's routing script does (see
 * docs/events.md), to the recipient's shard of the signal stream, for tests that drive the store
 * without a signaling-service.
 */
final class RoutedSignals {

  /** The signal stream's shards as signaling-service writes them (the default number). */
  static final ShardedStream SHARDS = new ShardedStream(StreamNames.SIGNAL_EVENTS, 12);

  /** The shard the signals to {@code recipientId} are appended to. */
  static String streamOf(String recipientId) {
    return SHARDS.streamOf(recipientId);
  }

  /** Entries the store's group has read and not acknowledged, over every stream it reads. */
  static long pending(RedisDataSource redis) {
    long pending = 0;
    for (String stream : allStreams()) {
      pending += redis.stream(String.class).xpending(stream, "signal-store").getPendingCount();
    }
    return pending;
  }

  /** The shards, and the stream of the layout before shards. */
  static java.util.List<String> allStreams() {
    java.util.List<String> streams = new java.util.ArrayList<>(SHARDS.streams());
    streams.add(StreamNames.SIGNAL_EVENTS);
    return streams;
  }

  private final RedisDataSource redis;

  RoutedSignals(RedisDataSource redis) {
    this.redis = redis;
  }

  /** The frame a recipient would receive for signal number {@code seq}. */
  static String frame(long seq, String signalId, String senderId) {
    return "{\"seq\":%d,\"type\":\"candidate\",\"id\":\"%s\",\"from\":{\"userId\":\"%s\",\"sessionId\":\"s1\"},\"callId\":\"c1\",\"candidate\":null}"
        .formatted(seq, signalId, senderId);
  }

  /** Appends one event; returns its signal id. */
  String publish(String recipientId, long seq) {
    String signalId = UUID.randomUUID().toString();
    publish(signalId, recipientId, seq);
    return signalId;
  }

  /** Appends an event with a chosen signal id (a redelivery when used twice). */
  void publish(String signalId, String recipientId, long seq) {
    redis.stream(String.class).xadd(streamOf(recipientId), entry(signalId, recipientId, seq));
  }

  /** Appends a signal kept until {@code keepUntil} (a relayed message); returns its signal id. */
  String publishKept(String recipientId, long seq, java.time.Instant keepUntil) {
    String signalId = UUID.randomUUID().toString();
    redis.stream(String.class)
        .xadd(streamOf(recipientId), entry(signalId, recipientId, seq, keepUntil.toString()));
    return signalId;
  }

  /**
   * Appends a signal that names {@code prevSeq} as the recipient's stored signal before it (the
   * numbers between went to live WebSockets only); returns its signal id.
   */
  String publishAfterLeftOut(String recipientId, long seq, long prevSeq) {
    String signalId = UUID.randomUUID().toString();
    redis.stream(String.class)
        .xadd(streamOf(recipientId), entry(signalId, recipientId, seq, null, prevSeq));
    return signalId;
  }

  static Map<String, String> entry(String signalId, String recipientId, long seq) {
    return entry(signalId, recipientId, seq, null);
  }

  static Map<String, String> entry(
      String signalId, String recipientId, long seq, String keepUntil) {
    return entry(signalId, recipientId, seq, keepUntil, null);
  }

  static Map<String, String> entry(
      String signalId, String recipientId, long seq, String keepUntil, Long prevSeq) {
    String sender = UUID.randomUUID().toString();
    String data =
        "{\"signalId\":\"%s\",\"recipientId\":\"%s\",\"seq\":%d,\"senderId\":\"%s\",\"frame\":%s%s%s}"
            .formatted(
                signalId,
                recipientId,
                seq,
                sender,
                quote(frame(seq, signalId, sender)),
                keepUntil == null ? "" : ",\"keepUntil\":\"" + keepUntil + "\"",
                prevSeq == null ? "" : ",\"prevSeq\":" + prevSeq);
    return EventEntries.of(
        signalId, EventTypes.SIGNAL_ROUTED, "signaling-service", recipientId, data);
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
