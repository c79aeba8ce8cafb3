package io.cybernetcall.signalstore.service;

import io.cybernetcall.signalstore.model.StoredSignal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The order the inbox hands a recipient's signals out in: by sequence number, without a gap.
 *
 * <ul>
 *   <li>A row follows the one before it when its number is the next one, or when it names the
 *       stored signal before it ({@code prevSeq}: the numbers between were ICE candidates to live
 *       WebSockets, never stored) and that one was handed out already.
 *   <li>A gap younger than the grace holds back everything after it: several consumers commit a
 *       recipient's signals out of order, and the missing one may still be on its way.
 *   <li>An older gap is a signal that will not come (it was lost or trimmed before it was stored),
 *       and is skipped.
 * </ul>
 */
final class InboxOrder {

  private InboxOrder() {}

  /**
   * The rows (in sequence order, after {@code after}) that follow {@code after} without a gap, at
   * most {@code limit}; a gap whose first row was stored after {@code graceStart} holds the rest.
   */
  static InboxPage page(
      List<StoredSignal> rows, long after, long acked, int limit, OffsetDateTime graceStart) {
    List<String> frames = new ArrayList<>(Math.min(rows.size(), limit));
    long expected = after + 1;
    long retryIn = 0;
    for (int i = 0; i < rows.size() && i < limit; i++) {
      StoredSignal row = rows.get(i);
      if (!follows(row, expected) && row.storedAt.isAfter(graceStart)) {
        retryIn = Math.max(1, Duration.between(graceStart, row.storedAt).toMillis());
        break;
      }
      frames.add(row.frame);
      expected = row.seq + 1;
    }
    boolean more = rows.size() > limit || retryIn > 0;
    return new InboxPage(frames, expected - 1, acked, more, retryIn);
  }

  private static boolean follows(StoredSignal row, long expected) {
    return row.seq == expected || (row.prevSeq != null && row.prevSeq < expected);
  }
}
