package io.cybernetcall.signaling.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * A validated frame from a client. {@code body} is the parsed object; peer frames are forwarded
 * from it after the server has replaced everything identity-related.
 */
public record InboundFrame(String type, UUID to, String callId, String ref, ObjectNode body) {

  public String text(String field) {
    JsonNode node = body.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }

  public long number(String field) {
    return body.get(field).asLong();
  }
}
