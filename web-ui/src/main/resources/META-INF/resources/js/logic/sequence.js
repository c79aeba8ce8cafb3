// Per-user signal order. The servers number every signal addressed to a user (seq), on every
// transport alike; the client applies them strictly in order, once each, and a frame that arrives
// after a gap waits until the gap fills (a replay may be filling it) or the wait is given up.
//
// One kind of gap is never filled from the signal store: ICE candidates to a user whose sessions
// were all WebSockets live only in the sockets and their replay buffer. The store's next signal
// says so by naming the stored signal before it (prev); read from the store, it follows that one.
// Over a socket every number arrives, so there a gap is always waited for; one that lasts is a
// frame lost between the replicas (pub/sub is at most once) and is asked for again from the replay
// buffer (socketGap).

export class SequenceBuffer {
  /** The last seq applied; null until the server says where to start. */
  lastApplied = null;
  /** seq → { frame, fromStore } for frames that arrived after a gap. */
  #held = new Map();

  /** Starts from the server's position unless a cursor is already kept (a reconnect resumes). */
  startAt(lastSeq) {
    if (this.lastApplied === null) this.lastApplied = lastSeq;
  }

  get started() {
    return this.lastApplied !== null;
  }

  get waiting() {
    return this.#held.size;
  }

  /** Whether a frame from a socket is held after a gap (a replay can fill that gap). */
  get socketGap() {
    for (const { fromStore } of this.#held.values()) if (!fromStore) return true;
    return false;
  }

  /** The highest seq taken, applied or held after a gap (where to read on from). */
  get highestSeen() {
    return Math.max(this.lastApplied ?? 0, ...this.#held.keys());
  }

  /**
   * Takes one frame (fromStore: read from the signal store, not a socket); returns the frames to
   * apply now, in order (none for a duplicate or a gap).
   */
  accept(frame, { fromStore = false } = {}) {
    if (this.lastApplied === null || frame.seq <= this.lastApplied || this.#held.has(frame.seq)) return [];
    this.#held.set(frame.seq, { frame, fromStore });
    const ready = [];
    for (let next = this.#next(); next; next = this.#next()) {
      this.#held.delete(next.seq);
      ready.push(this.#apply(next));
    }
    return ready;
  }

  /** Gives up waiting for a gap: everything held is applied in order, past the gap. */
  flush() {
    const held = [...this.#held.values()].map(({ frame }) => frame).sort((a, b) => a.seq - b.seq);
    this.#held.clear();
    return held.filter((frame) => frame.seq > this.lastApplied).map((frame) => this.#apply(frame));
  }

  /** The held frame that follows the last one applied, if any. */
  #next() {
    const following = this.#held.get(this.lastApplied + 1);
    if (following) return following.frame;
    const lowest = this.#held.get(Math.min(...this.#held.keys()));
    if (lowest?.fromStore && typeof lowest.frame.prev === 'number' && lowest.frame.prev <= this.lastApplied) {
      return lowest.frame;
    }
    return null;
  }

  #apply(frame) {
    this.lastApplied = frame.seq;
    return frame;
  }
}
