package io.cybernetcall.auth.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cybernetcall.auth.model.OutboxEvent;
import io.cybernetcall.auth.repository.OutboxRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.UUID;

/**
 * Records an event in the caller's transaction. It is relayed by {@link OutboxRelay} only if that
 * transaction commits, so a change and its event are never separated by a crash.
 */
@ApplicationScoped
public class OutboxService {

  private final OutboxRepository outbox;
  private final ObjectMapper json;
  private final Clock clock;

  public OutboxService(OutboxRepository outbox, ObjectMapper json, Clock clock) {
    this.outbox = outbox;
    this.json = json;
    this.clock = clock;
  }

  @Transactional(Transactional.TxType.MANDATORY)
  public void enqueue(String stream, String type, UUID subject, Object payload) {
    OutboxEvent event = new OutboxEvent();
    event.id = UUID.randomUUID();
    event.stream = stream;
    event.type = type;
    event.subject = subject.toString();
    event.payload = toJson(payload);
    event.occurredAt = clock.instant();
    outbox.persist(event);
  }

  private String toJson(Object payload) {
    try {
      return json.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Event payload is not serializable: " + payload, e);
    }
  }
}
