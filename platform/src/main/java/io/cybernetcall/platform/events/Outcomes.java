package io.cybernetcall.platform.events;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * How each event of a batch fared, as its handler reports it. An event the handler does not mark
 * stays pending and is read again; a handler that throws marks every unmarked event failed.
 */
public final class Outcomes {

  /** One event's fate. */
  public sealed interface Outcome permits Applied, Rejected, Failed {}

  /** Applied (or already applied earlier): acknowledge it. */
  public record Applied() implements Outcome {}

  /** Can never be applied: dead-letter it with {@code reason}. */
  public record Rejected(String reason) implements Outcome {}

  /** Failed this time: the {@link RetryPolicy} decides. */
  public record Failed(Throwable failure) implements Outcome {}

  private static final Applied APPLIED = new Applied();

  private final List<ReceivedEvent> batch;
  private final Map<ReceivedEvent, Outcome> marks = new IdentityHashMap<>();

  Outcomes(List<ReceivedEvent> batch) {
    this.batch = batch;
  }

  public void applied(ReceivedEvent event) {
    marks.put(event, APPLIED);
  }

  /** Every event not marked otherwise was applied. */
  public void appliedAllOthers() {
    batch.forEach(event -> marks.putIfAbsent(event, APPLIED));
  }

  public void rejected(ReceivedEvent event, String reason) {
    marks.put(event, new Rejected(reason));
  }

  public void failed(ReceivedEvent event, Throwable failure) {
    marks.put(event, new Failed(failure));
  }

  void failAllUnmarked(Throwable failure) {
    batch.forEach(event -> marks.putIfAbsent(event, new Failed(failure)));
  }

  /** The event's outcome, or {@code null} while it is still pending. */
  Outcome of(ReceivedEvent event) {
    return marks.get(event);
  }
}
