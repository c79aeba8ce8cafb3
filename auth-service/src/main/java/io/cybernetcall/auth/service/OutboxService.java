package io.cybernetcall.auth.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cybernetcall.auth.model.OutboxEvent;
import io.cybernetcall.auth.repository.OutboxRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
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
  private final Event<OutboxWritten> written;

  public OutboxService(
      OutboxRepository outbox, ObjectMapper json, Clock clock, Event<OutboxWritten> written) {
    this.outbox = outbox;
    this.json = json;
    this.clock = clock;
    this.written = written;
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
    // Observed after commit (see OutboxRelay); nothing happens if the transaction rolls back.
    written.fire(new OutboxWritten());
  }

  private String toJson(Object payload) {
    try {
      return json.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Event payload is not serializable: " + payload, e);
    }
  }
}
