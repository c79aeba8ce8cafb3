package io.cybernetcall.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cybernetcall.contracts.events.ContactAccepted;
import io.cybernetcall.contracts.events.EventFields;
import io.cybernetcall.contracts.events.SignalRouted;
import io.cybernetcall.platform.json.StrictJson;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventEnvelopeTest {

  private final ObjectMapper json = StrictJson.apply(new ObjectMapper());

  @Test
  void whatAProducerWritesAConsumerReadsBack() {
    ContactAccepted payload = new ContactAccepted("alice", "bob");
    EventEnvelope written =
        EventEnvelope.of(
            json,
            "e1",
            "contact.accepted",
            Instant.parse("2026-12-02T08:00:00Z"),
            "auth-service",
            "alice",
            payload);

    EventEnvelope read = EventEnvelope.decode(written.fields());

    assertThat(read).isEqualTo(written);
    assertThat(read.fields().keySet())
        .containsExactly(
            EventFields.ID,
            EventFields.TYPE,
            EventFields.VERSION,
            EventFields.OCCURRED_AT,
            EventFields.SOURCE,
            EventFields.SUBJECT,
            EventFields.DATA);
    assertThat(read.data(json, ContactAccepted.class)).isEqualTo(payload);
  }

  @Test
  void fieldsANewerProducerAddsAreIgnored() {
    EventEnvelope envelope = envelope("{\"userId\":\"a\",\"contactId\":\"b\",\"since\":\"now\"}");

    assertThat(envelope.data(json, ContactAccepted.class)).isEqualTo(new ContactAccepted("a", "b"));
  }

  @Test
  void aPayloadWithoutARequiredFieldIsUnreadable() {
    EventEnvelope envelope = envelope("{\"userId\":\"a\"}");

    assertThatThrownBy(() -> envelope.data(json, ContactAccepted.class))
        .isInstanceOf(UnreadableEvent.class)
        .hasMessage("contact.accepted payload is not a ContactAccepted: contactId is missing");
  }

  @Test
  void aSignalWithoutAPositiveSequenceNumberIsUnreadable() {
    EventEnvelope envelope =
        envelope(
            "{\"signalId\":\"s\",\"recipientId\":\"r\",\"seq\":0,\"senderId\":\"x\",\"frame\":\"{}\"}");

    assertThatThrownBy(() -> envelope.data(json, SignalRouted.class))
        .isInstanceOf(UnreadableEvent.class)
        .hasMessageEndingWith("seq must be a positive integer");
  }

  @Test
  void dataThatIsNotJsonIsUnreadableWithoutNamingTheParser() {
    EventEnvelope envelope = envelope("{not json");

    assertThatThrownBy(() -> envelope.data(json, ContactAccepted.class))
        .isInstanceOf(UnreadableEvent.class)
        .hasMessage("contact.accepted payload is not a ContactAccepted: malformed");
  }

  @Test
  void anEntryWithoutTheEnvelopeIsUnreadable() {
    Map<String, String> fields = envelope("{}").fields();
    fields.remove(EventFields.ID);
    assertThatThrownBy(() -> EventEnvelope.decode(fields))
        .isInstanceOf(UnreadableEvent.class)
        .hasMessage("field id is missing");

    Map<String, String> otherVersion = envelope("{}").fields();
    otherVersion.put(EventFields.VERSION, "2");
    assertThatThrownBy(() -> EventEnvelope.decode(otherVersion))
        .hasMessage("unsupported version 2");

    Map<String, String> badTime = envelope("{}").fields();
    badTime.put(EventFields.OCCURRED_AT, "yesterday");
    assertThatThrownBy(() -> EventEnvelope.decode(badTime))
        .hasMessage("occurredAt is not an ISO-8601 instant");
  }

  private static EventEnvelope envelope(String data) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(EventFields.ID, "e1");
    fields.put(EventFields.TYPE, "contact.accepted");
    fields.put(EventFields.VERSION, "1");
    fields.put(EventFields.OCCURRED_AT, "2026-12-02T08:00:00Z");
    fields.put(EventFields.SOURCE, "auth-service");
    fields.put(EventFields.SUBJECT, "a");
    fields.put(EventFields.DATA, data);
    return EventEnvelope.decode(fields);
  }
}
