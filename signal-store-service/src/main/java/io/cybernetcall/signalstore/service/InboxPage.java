package io.cybernetcall.signalstore.service;

import java.util.List;

/**
 * One answer of the inbox: frames in sequence order, the sequence number to ask after next time
 * ({@code lastSeq}), the recipient's acknowledged sequence number, and whether more are waiting.
 * {@code retryInMillis} is set when signals are held back behind a gap that may still fill.
 */
public record InboxPage(
    List<String> frames, long lastSeq, long ackedSeq, boolean more, long retryInMillis) {

  public boolean isEmpty() {
    return frames.isEmpty();
  }

  /** The page as JSON; frames are spliced in as stored (the server built them). */
  public String toJson() {
    StringBuilder json = new StringBuilder(64 + frames.stream().mapToInt(String::length).sum());
    json.append("{\"signals\":[");
    for (int i = 0; i < frames.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append(frames.get(i));
    }
    return json.append("],\"lastSeq\":")
        .append(lastSeq)
        .append(",\"ackedSeq\":")
        .append(ackedSeq)
        .append(",\"more\":")
        .append(more)
        .append('}')
        .toString();
  }
}
