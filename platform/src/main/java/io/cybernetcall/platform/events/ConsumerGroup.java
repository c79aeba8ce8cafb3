package io.cybernetcall.platform.events;

import java.util.List;

/**
 * A consumer group on one or more streams. {@code consumer} names this replica within the group
 * (stable across restarts where the deployment gives one, so its pending entries are its own);
 * {@code startAt} is where a group created now begins: {@link #FROM_NOW} or {@link #FROM_START}.
 */
public record ConsumerGroup(String name, String consumer, List<String> streams, String startAt) {

  /** A new group ignores the stream's history (a first deployment must not mail old events). */
  public static final String FROM_NOW = "$";

  /** A new group reads everything still in the stream. */
  public static final String FROM_START = "0";

  public ConsumerGroup {
    streams = List.copyOf(streams);
    if (streams.isEmpty()) {
      throw new IllegalArgumentException("a consumer group reads at least one stream");
    }
  }

  /** The same group reading only {@code stream}, one of its streams. */
  public ConsumerGroup of(String stream) {
    if (!streams.contains(stream)) {
      throw new IllegalArgumentException(stream + " is not one of the group's streams");
    }
    return new ConsumerGroup(name, consumer, List.of(stream), startAt);
  }

  /** Where events this group can never apply go; inspect with {@code XRANGE <key> - +}. */
  public String deadLetterStream() {
    return deadLetterStream(name);
  }

  public static String deadLetterStream(String group) {
    return "cybernet:dead:" + group;
  }
}
