package io.cybernetcall.signalstore.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.cybernetcall.signalstore.model.StoredSignal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class InboxOrderTest {

  private static final OffsetDateTime NOW =
      OffsetDateTime.of(2026, 12, 3, 12, 0, 0, 0, ZoneOffset.UTC);

  /** Gap grace of 2 s: rows stored after this are young. */
  private static final OffsetDateTime GRACE_START = NOW.minusSeconds(2);

  @Test
  void consecutiveRowsAreHandedOutInOrder() {
    InboxPage page = page(List.of(young(1), young(2), young(3)), 0, 10);

    assertThat(page.frames()).containsExactly("f1", "f2", "f3");
    assertThat(page.lastSeq()).isEqualTo(3);
    assertThat(page.more()).isFalse();
    assertThat(page.retryInMillis()).isZero();
  }

  @Test
  void aYoungGapHoldsBackEverythingAfterItUntilItFills() {
    InboxPage page = page(List.of(young(1), young(3), young(4)), 0, 10);

    assertThat(page.frames()).containsExactly("f1");
    assertThat(page.lastSeq()).isEqualTo(1);
    assertThat(page.more()).isTrue();
    assertThat(page.retryInMillis()).isEqualTo(2000);
  }

  @Test
  void anOldGapIsASignalThatWillNotComeAndIsSkipped() {
    InboxPage page = page(List.of(old(1), old(3)), 0, 10);

    assertThat(page.frames()).containsExactly("f1", "f3");
    assertThat(page.more()).isFalse();
  }

  @Test
  void numbersLeftOutOnPurposeHoldNothingBack() {
    // 2..4 were ICE candidates to live WebSockets; 5 names 1 as the stored signal before it.
    InboxPage page = page(List.of(young(1), young(5, 1L), young(6)), 0, 10);

    assertThat(page.frames()).containsExactly("f1", "f5", "f6");
    assertThat(page.lastSeq()).isEqualTo(6);
    assertThat(page.more()).isFalse();
  }

  @Test
  void aCursorInsideTheLeftOutNumbersGoesOnFromTheNextStoredSignal() {
    // The socket saw candidate 3 before it fell back to the inbox.
    InboxPage page = page(List.of(young(5, 1L)), 3, 10);

    assertThat(page.frames()).containsExactly("f5");
    assertThat(page.more()).isFalse();
  }

  @Test
  void aRowWhosePreviousStoredSignalIsNotHereYetWaitsForIt() {
    // 8 names 6, which another consumer has not committed yet: 6 must come first.
    InboxPage held = page(List.of(young(5), young(8, 6L)), 4, 10);

    assertThat(held.frames()).containsExactly("f5");
    assertThat(held.more()).isTrue();
    assertThat(held.retryInMillis()).isPositive();

    InboxPage filled = page(List.of(young(5), young(6), young(8, 6L)), 4, 10);
    assertThat(filled.frames()).containsExactly("f5", "f6", "f8");
  }

  @Test
  void aFullPageSaysMoreAreWaiting() {
    InboxPage page = page(List.of(young(1), young(2), young(3)), 0, 2);

    assertThat(page.frames()).containsExactly("f1", "f2");
    assertThat(page.lastSeq()).isEqualTo(2);
    assertThat(page.more()).isTrue();
  }

  private static InboxPage page(List<StoredSignal> rows, long after, int limit) {
    return InboxOrder.page(rows, after, 0, limit, GRACE_START);
  }

  private static StoredSignal young(long seq) {
    return young(seq, null);
  }

  private static StoredSignal young(long seq, Long prevSeq) {
    return row(seq, prevSeq, NOW);
  }

  private static StoredSignal old(long seq) {
    return row(seq, null, NOW.minusSeconds(10));
  }

  private static StoredSignal row(long seq, Long prevSeq, OffsetDateTime storedAt) {
    StoredSignal row = new StoredSignal();
    row.seq = seq;
    row.prevSeq = prevSeq;
    row.frame = "f" + seq;
    row.storedAt = storedAt;
    return row;
  }
}
