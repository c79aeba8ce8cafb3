package io.cybernetcall.contracts.events;

/**
 * Field names of a stream entry. Every event is one flat entry so a consumer can route on {@link
 * #TYPE} and deduplicate on {@link #ID} without parsing {@link #DATA}.
 */
public final class EventFields {

  /** Unique event id (UUID). Stable across relay retries: consumers deduplicate on it. */
  public static final String ID = "id";

  /** One of {@link EventTypes}. */
  public static final String TYPE = "type";

  /** Payload schema version; bumped only for incompatible changes. */
  public static final String VERSION = "version";

  /** ISO-8601 instant at which the change was committed by the producer. */
  public static final String OCCURRED_AT = "occurredAt";

  /** Producing service, for example {@code auth-service}. */
  public static final String SOURCE = "source";

  /** The user the event is about; lets consumers shard or filter without parsing the payload. */
  public static final String SUBJECT = "subject";

  /** The payload as a JSON object (one of the records in this package). */
  public static final String DATA = "data";

  private EventFields() {}
}
