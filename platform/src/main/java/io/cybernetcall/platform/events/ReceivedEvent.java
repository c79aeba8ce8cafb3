package io.cybernetcall.platform.events;

import com.fasterxml.jackson.databind.ObjectMapper;

/** An event read from {@code stream} at {@code entryId}, with its decoded envelope. */
public record ReceivedEvent(
    String stream, String entryId, EventEnvelope envelope, ObjectMapper json) {

  public String type() {
    return envelope.type();
  }

  /** The payload as the contracts record for this type (see {@link EventEnvelope#data}). */
  public <T> T data(Class<T> payloadType) {
    return envelope.data(json, payloadType);
  }
}
