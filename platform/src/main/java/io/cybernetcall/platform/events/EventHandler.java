package io.cybernetcall.platform.events;

import java.util.List;

/**
 * A service's reaction to the events of its consumer group. It gets each batch in stream order and
 * marks what became of each event in {@link Outcomes}; whatever it leaves unmarked is read again.
 */
@FunctionalInterface
public interface EventHandler {

  void handle(List<ReceivedEvent> batch, Outcomes outcomes);

  /** Handles one event; throwing means this event failed this time. */
  @FunctionalInterface
  interface Single {
    void handle(ReceivedEvent event) throws Exception;
  }

  /**
   * Applies events one at a time, in order. At the first failure it stops, so a later event is
   * never applied before an earlier one (a contact granted, then revoked, must end revoked): the
   * failed event and everything after it are read again.
   */
  static EventHandler oneByOne(Single handler) {
    return (batch, outcomes) -> {
      for (ReceivedEvent event : batch) {
        try {
          handler.handle(event);
          outcomes.applied(event);
        } catch (Exception e) {
          outcomes.failed(event, e);
          return;
        }
      }
    };
  }
}
