package io.cybernetcall.testsupport;

import io.cybernetcall.contracts.events.EventFields;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stream entry exactly as producers append events (see docs/events.md), for tests that play the
 * producer of another service.
 */
public final class EventEntries {

  private EventEntries() {}

  /** The seven fields of a version-1 event that occurred now. */
  public static Map<String, String> of(
      String id, String type, String source, String subject, String data) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(EventFields.ID, id);
    fields.put(EventFields.TYPE, type);
    fields.put(EventFields.VERSION, "1");
    fields.put(EventFields.OCCURRED_AT, Instant.now().toString());
    fields.put(EventFields.SOURCE, source);
    fields.put(EventFields.SUBJECT, subject);
    fields.put(EventFields.DATA, data);
    return fields;
  }
}
