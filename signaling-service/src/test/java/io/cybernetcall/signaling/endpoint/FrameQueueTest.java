package io.cybernetcall.signaling.endpoint;

import static io.cybernetcall.signaling.endpoint.FrameQueue.Admission.FULL;
import static io.cybernetcall.signaling.endpoint.FrameQueue.Admission.HANDLE_NOW;
import static io.cybernetcall.signaling.endpoint.FrameQueue.Admission.QUEUED;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A socket's frames in order, with a bound per socket and a budget for the replica. */
class FrameQueueTest {

  @Test
  void oneFrameInHandTheOthersWaitInOrderUpToTheBound() {
    FrameQueue<String> queue = new FrameQueue<>(3, new InboundBacklog(1_000));
    assertThat(queue.opened()).isNull();

    assertThat(queue.offer("a", 1)).isEqualTo(HANDLE_NOW);
    assertThat(queue.offer("b", 1)).isEqualTo(QUEUED);
    assertThat(queue.offer("c", 1)).isEqualTo(QUEUED);
    assertThat(queue.offer("d", 1)).isEqualTo(QUEUED);
    assertThat(queue.offer("e", 1)).isEqualTo(FULL);

    assertThat(queue.next()).isEqualTo("b");
    // One left the queue: room for one more, behind the others.
    assertThat(queue.offer("f", 1)).isEqualTo(QUEUED);
    assertThat(queue.next()).isEqualTo("c");
    assertThat(queue.next()).isEqualTo("d");
    assertThat(queue.next()).isEqualTo("f");
    assertThat(queue.next()).isNull();
    // Nothing in hand any more: the next frame is handled at once.
    assertThat(queue.offer("g", 1)).isEqualTo(HANDLE_NOW);
  }

  @Test
  void theReplicasBudgetBoundsWhatAllSocketsHoldTogether() {
    InboundBacklog backlog = new InboundBacklog(10);
    FrameQueue<String> first = new FrameQueue<>(100, backlog);
    FrameQueue<String> second = new FrameQueue<>(100, backlog);
    first.opened();
    second.opened();
    assertThat(first.offer("in hand", 7)).isEqualTo(HANDLE_NOW);
    assertThat(second.offer("in hand", 7)).isEqualTo(HANDLE_NOW);

    assertThat(first.offer("six", 6)).isEqualTo(QUEUED);
    assertThat(second.offer("five", 5)).isEqualTo(FULL);
    assertThat(second.offer("four", 4)).isEqualTo(QUEUED);
    assertThat(backlog.queuedChars()).isEqualTo(10);

    // A frame taken in hand no longer waits: its characters go back to the budget.
    assertThat(first.next()).isEqualTo("six");
    assertThat(backlog.queuedChars()).isEqualTo(4);
    assertThat(second.offer("five", 5)).isEqualTo(QUEUED);
  }

  @Test
  void framesThatArriveWhileTheSocketOpensWaitForIt() {
    InboundBacklog backlog = new InboundBacklog(100);
    FrameQueue<String> queue = new FrameQueue<>(2, backlog);

    assertThat(queue.offer("a", 5)).isEqualTo(QUEUED);
    assertThat(queue.offer("b", 5)).isEqualTo(QUEUED);
    assertThat(queue.offer("c", 5)).isEqualTo(FULL);
    assertThat(backlog.queuedChars()).isEqualTo(10);

    assertThat(queue.opened()).isEqualTo("a");
    assertThat(queue.offer("d", 5)).isEqualTo(QUEUED);
    assertThat(queue.next()).isEqualTo("b");
    assertThat(queue.next()).isEqualTo("d");
    assertThat(queue.next()).isNull();
    assertThat(backlog.queuedChars()).isZero();
  }

  @Test
  void aSocketClosedWhileOpeningDropsWhatWaited() {
    InboundBacklog backlog = new InboundBacklog(100);
    FrameQueue<String> queue = new FrameQueue<>(10, backlog);
    queue.offer("a", 5);

    assertThat(queue.close()).isEqualTo(1);

    assertThat(backlog.queuedChars()).isZero();
    assertThat(queue.offer("late", 1)).isEqualTo(FULL);
  }

  @Test
  void closingDropsWhatWaitsAndGivesItBack() {
    InboundBacklog backlog = new InboundBacklog(100);
    FrameQueue<String> queue = new FrameQueue<>(10, backlog);
    queue.opened();
    queue.offer("in hand", 10);
    queue.offer("b", 20);
    queue.offer("c", 30);

    assertThat(queue.close()).isEqualTo(2);

    assertThat(backlog.queuedChars()).isZero();
    assertThat(queue.next()).isNull();
    assertThat(queue.offer("late", 1)).isEqualTo(FULL);
  }
}
