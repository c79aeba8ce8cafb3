package io.cybernetcall.platform.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cybernetcall.contracts.events.EventFields;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event as it sits in a stream entry: seven flat fields (docs/events.md). Producers build it
 * with {@link #of}, consumers get it from {@link #decode}; {@link #data} turns the payload into the
 * record from {@code io.cybernetcall.contracts.events} that describes it.
 */
public record EventEnvelope(
    String id,
    String type,
    String version,
    Instant occurredAt,
    String source,
    String subject,
    String data) {

  /** The only payload version there is; a consumer refuses any other. */
  public static final String VERSION_1 = "1";

  /** A version-1 envelope for {@code payload}, encoded with {@code json}. */
  public static EventEnvelope of(
      ObjectMapper json,
      String id,
      String type,
      Instant occurredAt,
      String source,
      String subject,
      Object payload) {
    try {
      return new EventEnvelope(
          id, type, VERSION_1, occurredAt, source, subject, json.writeValueAsString(payload));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("event payload cannot be written as JSON", e);
    }
  }

  /** Reads a stream entry; anything but a complete version-1 envelope is unreadable. */
  public static EventEnvelope decode(Map<String, String> fields) {
    String id = required(fields, EventFields.ID);
    String type = required(fields, EventFields.TYPE);
    String version = required(fields, EventFields.VERSION);
    if (!VERSION_1.equals(version)) {
      throw new UnreadableEvent("unsupported version " + version);
    }
    Instant occurredAt;
    try {
      occurredAt = Instant.parse(required(fields, EventFields.OCCURRED_AT));
    } catch (DateTimeParseException e) {
      throw new UnreadableEvent("occurredAt is not an ISO-8601 instant");
    }
    return new EventEnvelope(
        id,
        type,
        version,
        occurredAt,
        fields.get(EventFields.SOURCE),
        fields.get(EventFields.SUBJECT),
        required(fields, EventFields.DATA));
  }

  /** The stream entry's fields, in the documented order. */
  public Map<String, String> fields() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(EventFields.ID, id);
    fields.put(EventFields.TYPE, type);
    fields.put(EventFields.VERSION, version);
    fields.put(EventFields.OCCURRED_AT, occurredAt.toString());
    fields.put(EventFields.SOURCE, source);
    fields.put(EventFields.SUBJECT, subject);
    fields.put(EventFields.DATA, data);
    return fields;
  }

  /**
   * The payload as {@code type}. Unknown fields are ignored (a newer producer may add some within
   * version 1); a missing required field fails in the record's own constructor. Anything that
   * cannot be read is an {@link UnreadableEvent}: retrying will not help.
   */
  public <T> T data(ObjectMapper json, Class<T> payloadType) {
    try {
      return json.readerFor(payloadType)
          .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .readValue(data);
    } catch (Exception e) {
      throw new UnreadableEvent(
          type + " payload is not a " + payloadType.getSimpleName() + ": " + rootMessage(e));
    }
  }

  private static String rootMessage(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause instanceof IllegalArgumentException || cause instanceof NullPointerException
        ? String.valueOf(cause.getMessage())
        : "malformed";
  }

  private static String required(Map<String, String> fields, String name) {
    String value = fields.get(name);
    if (value == null || value.isEmpty()) {
      throw new UnreadableEvent("field " + name + " is missing");
    }
    return value;
  }
}
