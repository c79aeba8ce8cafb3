// Per-user signal order. The servers number every signal addressed to a user (seq), on every
// transport alike; the client applies them strictly in order, once each, and a frame that arrives
// after a gap waits until the gap fills (a replay may be filling it) or the wait is given up.

export class SequenceBuffer {
  /** The last seq applied; null until the server says where to start. */
  lastApplied = null;
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

  /** The highest seq taken, applied or held after a gap (where to read on from). */
  get highestSeen() {
    return Math.max(this.lastApplied ?? 0, ...this.#held.keys());
  }

  /** Takes one frame; returns the frames to apply now, in order (none for a duplicate or a gap). */
  accept(frame) {
    if (this.lastApplied === null || frame.seq <= this.lastApplied || this.#held.has(frame.seq)) return [];
    if (frame.seq > this.lastApplied + 1) {
      this.#held.set(frame.seq, frame);
      return [];
    }
    const ready = [this.#apply(frame)];
    while (this.#held.has(this.lastApplied + 1)) {
      const next = this.#held.get(this.lastApplied + 1);
      this.#held.delete(next.seq);
      ready.push(this.#apply(next));
    }
    return ready;
  }

  /** Gives up waiting for a gap: everything held is applied in order, past the gap. */
  flush() {
    const held = [...this.#held.values()].sort((a, b) => a.seq - b.seq);
    this.#held.clear();
    return held.filter((frame) => frame.seq > this.lastApplied).map((frame) => this.#apply(frame));
  }

  #apply(frame) {
    this.lastApplied = frame.seq;
    return frame;
  }
}
