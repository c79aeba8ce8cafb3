// Signaling transport: the WebSocket first; HTTP (POST /api/signals + long-poll /api/inbox) when the
// socket cannot be opened within FALLBACK_AFTER_MS or dies, while the socket is retried in the
// background with exponential backoff and jitter. Both transports number a user's signals with the
// same seq, so one cursor (lastAcked) resumes every switch without loss or duplicates. Frames that
// carry an SDP, a candidate or a message's text pass the sealer on the way out and in
// (signal-sealer.js), one at a time each way, so that they keep their order.

import { startingPoint } from './logic/catch-up.js';
import { SequenceBuffer } from './logic/sequence.js';

const FALLBACK_AFTER_MS = 2500;
const GAP_WAIT_MS = 2000;
// A socket's frames can cross each other by a few milliseconds (one replica sends directly, another
// through Redis); a gap that lasts longer lost a frame on the way, which the replay buffer still has.
const GAP_RESUME_AFTER_MS = 300;
const RECONNECT_BASE_MS = 1000;
const RECONNECT_MAX_MS = 30_000;
const POLL_WAIT_S = 25;
const PRESENCE_REFRESH_MS = 15_000;
const STORE_ACK_EVERY_MS = 2000;
const CATCH_UP_MAX_MS = 10_000;
const CATCH_UP_MAX_PAGES = 20; // of the store's inbox (100 signals each)

export class Signaling extends EventTarget {
  mode = 'connecting';
  sessionId = null;
  #sequence = new SequenceBuffer();
  #session;
  #ws = null;
  #stopped = false;
  #reconnectAttempt = 0;
  #reconnectTimer = null;
  #fallbackTimer = null;
  #poll = null;
  #presenceTimer = null;
  #gapTimer = null;
  #gapResumeTimer = null;
  #wsAckTimer = null;
  #storeAckTimer = null;
  #refCounter = 0;
  #recentlySent = new Map(); // ref → frame, so a refusal names what it refused
  #onToken;
  #cursor;
  #catchUpUntil = null; // the server's last seq when this page started: older signals are catch-up
  #caughtUp = false;
  #sealer;
  #sealing = Promise.resolve(); // the last outgoing frame's sealing
  #opening = Promise.resolve(); // the last incoming signal's opening and hand-over to the app

  /**
   * `sealer` seals and opens the frames that carry a payload ({seal, open}); `cursor` keeps the
   * last processed seq on this device ({read, write}), for the next page.
   */
  constructor(session, sealer, cursor = { read: () => null, write: () => {} }) {
    super();
    this.#session = session;
    this.#sealer = sealer;
    this.#cursor = cursor;
    this.#onToken = (event) => this.#sendRaw({ type: 'auth', token: event.detail });
    session.addEventListener('token', this.#onToken);
  }

  start() {
    this.#connectWebSocket();
  }

  stop() {
    this.#stopped = true;
    this.#session.removeEventListener('token', this.#onToken);
    clearTimeout(this.#reconnectTimer);
    clearTimeout(this.#fallbackTimer);
    clearInterval(this.#presenceTimer);
    this.#poll?.abort();
    this.#ws?.close(1000);
    this.#setMode('offline');
  }

  /**
   * Sends a peer frame over the current transport, sealed if it carries a payload; refusals
   * (the server's, or a frame that could not be sealed) arrive as 'refused' events.
   */
  send(frame) {
    const ref = `r${++this.#refCounter}`;
    const sealed = this.#sealing.then(() => this.#sealer.seal(frame));
    this.#sealing = sealed.catch(() => {});
    return sealed.then(
      (wire) => this.#transmit(wire, frame, ref),
      (error) => {
        this.#emit('refused', { code: 'sealing-failed', message: error.message, reason: error.reason, ref, frame });
        return ref;
      },
    );
  }

  /** `wire` is what goes out, `frame` what the app sent (what a refusal names). */
  async #transmit(wire, frame, ref) {
    if (this.mode === 'websocket' && this.#ws?.readyState === WebSocket.OPEN) {
      this.#recentlySent.set(ref, frame);
      if (this.#recentlySent.size > 200) this.#recentlySent.delete(this.#recentlySent.keys().next().value);
      this.#ws.send(JSON.stringify({ ...wire, ref }));
      return ref;
    }
    try {
      await this.#session.request('POST', '/api/signals', wire);
      this.#emit('accepted', { ref, frame });
    } catch (e) {
      this.#emit('refused', { code: e.type || 'unavailable', message: e.message, ref, frame });
    }
    return ref;
  }

  refreshIceServers() {
    if (!this.#sendRaw({ type: 'refresh-ice-servers' })) this.refreshWelcome().catch(() => {});
  }

  #sendRaw(frame) {
    if (this.#ws?.readyState === WebSocket.OPEN) {
      this.#ws.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  #connectWebSocket() {
    if (this.#stopped) return;
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/signal`;
    const carrier = encodeURIComponent(`quarkus-http-upgrade#Authorization#Bearer ${this.#session.accessToken}`);
    let ws;
    try {
      ws = new WebSocket(url, ['bearer-token-carrier', carrier]);
    } catch {
      this.#socketFailed();
      return;
    }
    this.#ws = ws;
    clearTimeout(this.#fallbackTimer);
    this.#fallbackTimer = setTimeout(() => {
      if (this.#ws === ws && this.mode !== 'websocket') {
        ws.close();
        this.#socketFailed();
      }
    }, FALLBACK_AFTER_MS);
    ws.onmessage = (event) => this.#onSocketFrame(ws, event.data);
    ws.onclose = (event) => {
      if (this.#ws !== ws) return;
      this.#ws = null;
      if (event.code === 1008) this.#emit('closed-by-server', { code: event.code, reason: event.reason });
      this.#socketFailed();
    };
  }

  #socketFailed() {
    if (this.#stopped) return;
    clearTimeout(this.#fallbackTimer);
    this.#startLongPoll();
    clearTimeout(this.#reconnectTimer);
    const backoff = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** this.#reconnectAttempt++);
    const jittered = backoff * (0.5 + Math.random() * 0.5);
    this.#reconnectTimer = setTimeout(() => this.#connectWebSocket(), jittered);
  }

  #onSocketFrame(ws, data) {
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    switch (frame.type) {
      case 'welcome':
        clearTimeout(this.#fallbackTimer);
        this.#reconnectAttempt = 0;
        this.sessionId = frame.sessionId;
        this.#stopLongPoll();
        this.#setMode('websocket');
        this.#startFrom(frame.lastSeq);
        if (frame.lastSeq > this.lastAcked) {
          ws.send(JSON.stringify({ type: 'resume', after: this.lastAcked }));
        }
        this.#emit('welcome', frame);
        this.#checkCaughtUp();
        break;
      case 'presence':
        this.#emit('presence', frame);
        break;
      case 'ice-servers':
        this.#emit('ice-servers', frame);
        break;
      case 'replay-end':
        // Older than the replay buffer keeps: the durable store has them (a page closed for long).
        if (frame.truncated) {
          this.#catchUpFromStore();
        } else {
          this.#flushHeld();
          this.#declareCaughtUp(); // the replay sent everything kept
        }
        break;
      case 'error':
        this.#emit('refused', {
          code: frame.code,
          message: frame.message,
          ref: frame.ref,
          frame: this.#recentlySent.get(frame.ref),
        });
        break;
      case 'accepted': {
        // The server took responsibility for it: only unanswered frames stay in memory.
        const sent = this.#recentlySent.get(frame.ref);
        this.#recentlySent.delete(frame.ref);
        if (sent) this.#emit('accepted', { ref: frame.ref, frame: sent });
        break;
      }
      case 'contacts-changed':
      case 'keys-changed':
        this.#emit(frame.type, frame);
        break;
      case 'authenticated':
        break;
      default:
        if (typeof frame.seq === 'number') this.#receive(frame);
    }
  }

  /** The seq of the last signal handed to the app: every transport resumes after it. */
  get lastAcked() {
    return this.#sequence.lastApplied;
  }

  /**
   * Processes signals in seq order; a gap is waited for briefly (a replay may be filling it).
   * fromStore: read from the signal store (catch-up, long-poll), which never has every number.
   */
  #receive(frame, fromStore = false) {
    for (const ready of this.#sequence.accept(frame, { fromStore })) this.#process(ready);
    if (this.#sequence.waiting === 0) {
      this.#clearGapTimers();
    } else {
      this.#gapTimer ??= setTimeout(() => this.#flushHeld(), GAP_WAIT_MS);
      if (this.#sequence.socketGap) {
        this.#gapResumeTimer ??= setTimeout(() => this.#resumeGap(), GAP_RESUME_AFTER_MS);
      }
    }
  }

  /** Asks the socket's replica to replay what followed the last applied signal. */
  #resumeGap() {
    this.#gapResumeTimer = null;
    if (this.mode === 'websocket' && this.#sequence.socketGap) {
      this.#sendRaw({ type: 'resume', after: this.lastAcked });
    }
  }

  #clearGapTimers() {
    clearTimeout(this.#gapTimer);
    clearTimeout(this.#gapResumeTimer);
    this.#gapTimer = null;
    this.#gapResumeTimer = null;
  }

  #flushHeld() {
    this.#clearGapTimers();
    for (const frame of this.#sequence.flush()) this.#process(frame);
  }

  #process(frame) {
    try {
      // What arrived while no page of this device was open: the app decides what is history.
      frame.caughtUp = this.#catchUpUntil !== null && frame.seq <= this.#catchUpUntil;
      this.#afterOpening(async () => {
        let opened;
        try {
          opened = await this.#sealer.open(frame);
        } catch (error) {
          // Never applied: plaintext, tampered, replayed or from an unknown device.
          this.#emit('unopened', { frame, reason: error.reason ?? 'malformed' });
          return;
        }
        if (opened) this.#emit('signal', opened); // null: sealed for this person's other devices
      });
    } finally {
      this.#cursor.write(frame.seq);
      this.#scheduleAcks();
      this.#checkCaughtUp();
    }
  }

  /** The first welcome of this page: start after this device's cursor, or at the server's seq. */
  #startFrom(lastSeq) {
    if (this.#sequence.started) return;
    this.#catchUpUntil = lastSeq;
    const start = startingPoint(this.#cursor.read(), lastSeq);
    this.#sequence.startAt(start);
    // From now on this device catches up on what comes while it is closed, even if nothing
    // numbered reaches this page.
    this.#cursor.write(start);
    // Signals lost for good (older than both the replay buffer and the store) must not hold the
    // catch-up open: after a while, what arrived is all there is.
    setTimeout(() => this.#declareCaughtUp(), CATCH_UP_MAX_MS);
  }

  /** Announces once that everything that arrived before this page opened has been applied. */
  #checkCaughtUp() {
    if (this.#catchUpUntil !== null && this.lastAcked >= this.#catchUpUntil) this.#declareCaughtUp();
  }

  #declareCaughtUp() {
    if (this.#caughtUp || this.#stopped) return;
    this.#caughtUp = true;
    // After the signals before it are opened and handed over, as they were received.
    this.#afterOpening(() => this.#emit('caught-up', {}));
  }

  #afterOpening(step) {
    this.#opening = this.#opening.then(step).catch((error) => console.error(error));
  }

  async #catchUpFromStore() {
    try {
      // Page by page: a device away for days may have many messages waiting (the store keeps them).
      for (let pages = 0, more = true; more && pages < CATCH_UP_MAX_PAGES; pages++) {
        const after = this.#sequence.highestSeen;
        const page = await this.#session.request('GET', `/api/inbox?after=${after}&wait=0`);
        for (const signal of page.signals) this.#receive(signal, true);
        more = page.more && page.signals.length > 0;
      }
    } catch {
      // The gap is given up after GAP_WAIT_MS, as any other.
    }
    this.#flushHeld();
    // Whatever the store no longer has is not coming: what was caught up is all there is.
    this.#declareCaughtUp();
  }

  #scheduleAcks() {
    // Acknowledgements are batched: one per 100 ms to the socket, one per 2 s to the signal store.
    if (this.#wsAckTimer === null) {
      this.#wsAckTimer = setTimeout(() => {
        this.#wsAckTimer = null;
        this.#sendRaw({ type: 'ack', seq: this.lastAcked });
      }, 100);
    }
    if (this.#storeAckTimer === null) {
      this.#storeAckTimer = setTimeout(() => {
        this.#storeAckTimer = null;
        this.#session.request('POST', '/api/inbox/ack', { seq: this.lastAcked }).catch(() => {});
      }, STORE_ACK_EVERY_MS);
    }
  }

  /** The welcome over HTTP (ICE servers, presence snapshot), announced like the socket's. */
  async refreshWelcome() {
    const welcome = await this.#session.request('GET', '/api/welcome');
    this.#startFrom(welcome.lastSeq);
    this.#emit('welcome', welcome);
    this.#checkCaughtUp();
    return welcome;
  }

  #startLongPoll() {
    if (this.#poll || this.#stopped) return;
    const controller = new AbortController();
    this.#poll = controller;
    this.#setMode('long-poll');
    this.#presenceTimer = setInterval(() => this.refreshWelcome().catch(() => {}), PRESENCE_REFRESH_MS);
    (async () => {
      let failures = 0;
      let replayed = false;
      while (!controller.signal.aborted) {
        try {
          if (!this.#sequence.started) await this.refreshWelcome();
          if (!replayed) {
            replayed = true;
            await this.#replayOverHttp(controller.signal);
          }
          const page = await this.#session.request(
            'GET',
            `/api/inbox?after=${this.lastAcked}&wait=${POLL_WAIT_S}`,
            undefined,
            { signal: controller.signal },
          );
          if (controller.signal.aborted) return;
          for (const signal of page.signals) this.#receive(signal, true);
          failures = 0;
        } catch (e) {
          if (controller.signal.aborted) return;
          failures++;
          const delay = e.retryAfter ? e.retryAfter * 1000 : Math.min(10_000, 500 * 2 ** failures);
          await new Promise((resolve) => setTimeout(resolve, delay));
        }
      }
    })();
  }

  /**
   * What the dead socket would have received, read once when long-polling starts: candidates to a
   * user whose sessions were all WebSockets are kept in the replay buffer only, never in the
   * signal store. Best effort: without it the store still has every other signal.
   */
  async #replayOverHttp(signal) {
    try {
      const replay = await this.#session.request('GET', `/api/signals/replay?after=${this.lastAcked}`, undefined, {
        signal,
      });
      if (signal.aborted) return;
      for (const frame of replay.signals) this.#receive(frame);
    } catch {
      // The signaling service is unreachable or refused: the store's signals still follow.
    }
  }

  #stopLongPoll() {
    clearInterval(this.#presenceTimer);
    this.#poll?.abort();
    this.#poll = null;
  }

  #setMode(mode) {
    if (this.mode === mode) return;
    this.mode = mode;
    this.#emit('transport', { mode });
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
