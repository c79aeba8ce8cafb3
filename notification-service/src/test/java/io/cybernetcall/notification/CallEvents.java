package io.cybernetcall.notification;

import io.cybernetcall.contracts.events.EventTypes;
import io.cybernetcall.contracts.events.StreamNames;
import io.cybernetcall.testsupport.EventEntries;
import io.quarkus.redis.datasource.RedisDataSource;
import java.time.Instant;
import java.util.UUID;

/** Appends events exactly as their producers do (see docs/events.md). */
final class CallEvents {

  private final RedisDataSource redis;

  CallEvents(RedisDataSource redis) {
    this.redis = redis;
  }

  /** A {@code call.missed} as signaling-service appends it; returns the event id. */
  String missed(String eventId, String callerId, String calleeId) {
    String data =
        "{\"callId\":\"%s\",\"callerId\":\"%s\",\"calleeId\":\"%s\",\"media\":\"video\",\"reason\":\"offline\",\"at\":\"%s\"}"
            .formatted(UUID.randomUUID(), callerId, calleeId, Instant.now());
    append(
        StreamNames.CALL_EVENTS,
        eventId,
        EventTypes.CALL_MISSED,
        calleeId,
        data,
        "signaling-service");
    return eventId;
  }

  /** A {@code user.registered} as auth-service's outbox relays it. */
  void registered(String userId, String email) {
    String data =
        "{\"userId\":\"%s\",\"username\":\"u%s\",\"email\":\"%s\",\"displayName\":\"User %s\"}"
            .formatted(userId, userId.substring(0, 8), email, userId.substring(0, 8));
    append(
        StreamNames.USER_EVENTS,
        UUID.randomUUID().toString(),
        EventTypes.USER_REGISTERED,
        userId,
        data,
        "auth-service");
  }

  private void append(
      String stream, String id, String type, String subject, String data, String source) {
    redis.stream(String.class).xadd(stream, EventEntries.of(id, type, source, subject, data));
  }
}
