package io.cybernetcall.signaling.endpoint;

import java.util.ArrayDeque;

/**
 * One socket's frames, handled one at a time in the order they arrived, with a bound on how many
 * may wait. websockets-next would keep them itself, but in a queue without a bound that never stops
 * reading from the socket: frames faster than routing then grow the heap until the replica fails.
 * Here a frame that finds the queue full, or the replica's {@link InboundBacklog} spent, is refused
 * at once and nothing is held for it.
 *
 * <p>The socket's opening is the first thing in hand: frames that arrive before the socket is set
 * up (its session registered, its {@code welcome} sent) wait behind it, and {@link #opened()} hands
 * over the first of them. websockets-next would order them so only with a per-connection queue of
 * its own, kept for the socket's life whether it is used or not.
 *
 * <p>Called from the socket's event loop and from whatever thread completes a frame's handling,
 * hence synchronized; it is never held for long.
 *
 * @param <F> a frame as the endpoint keeps it
 */
final class FrameQueue<F> {

  /** What became of an offered frame. */
  enum Admission {
    /** Nothing was in hand: the caller handles this frame now, then asks for {@link #next()}. */
    HANDLE_NOW,
    /** Another frame is in hand: this one waits its turn. */
    QUEUED,
    /** Too much is waiting already, or the socket closed: refuse this frame. */
    FULL
  }

  private record Waiting<F>(F frame, int chars) {}

  private final int maxWaiting;
  private final InboundBacklog backlog;
  // Made on the first frame that has to wait: most sockets never need one.
  private ArrayDeque<Waiting<F>> waiting;
  private boolean busy = true; // the opening
  private boolean closed;

  FrameQueue(int maxWaiting, InboundBacklog backlog) {
    this.maxWaiting = maxWaiting;
    this.backlog = backlog;
  }

  /**
   * {@code chars}: the frame's size as it arrived, charged to the replica's budget while it waits.
   */
  synchronized Admission offer(F frame, int chars) {
    if (closed) {
      return Admission.FULL;
    }
    if (!busy) {
      busy = true;
      return Admission.HANDLE_NOW;
    }
    int queued = waiting == null ? 0 : waiting.size();
    if (queued >= maxWaiting || !backlog.tryReserve(chars)) {
      return Admission.FULL;
    }
    if (waiting == null) {
      waiting = new ArrayDeque<>();
    }
    waiting.add(new Waiting<>(frame, chars));
    return Admission.QUEUED;
  }

  /**
   * The socket is set up: the first frame that arrived meanwhile, now in hand, or null when none
   * did (then the next offer is handled at once).
   */
  F opened() {
    return next();
  }

  /**
   * The frame in hand is done: the next one to handle, now in hand, or null when none waits (then
   * the next offer is handled at once).
   */
  synchronized F next() {
    Waiting<F> next = waiting == null ? null : waiting.poll();
    if (next == null) {
      busy = false;
      return null;
    }
    backlog.release(next.chars());
    return next.frame();
  }

  /**
   * The socket closed: the frames still waiting are dropped and given back to the budget. They got
   * no {@code accepted}, so the client sends them again on its next socket. Returns how many.
   */
  synchronized int close() {
    closed = true;
    if (waiting == null) {
      return 0;
    }
    int dropped = waiting.size();
    waiting.forEach(frame -> backlog.release(frame.chars()));
    waiting = null;
    return dropped;
  }
}
