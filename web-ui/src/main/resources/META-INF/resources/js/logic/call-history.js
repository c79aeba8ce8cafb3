// Call history on this device: incoming, outgoing and missed calls with their duration, newest
// first, and how many calls were missed since the person last looked. Pure, so it is unit-tested
// without a browser; screens/call-history.js keeps the list and draws it.

/** The most calls a device keeps per account; older ones are forgotten. */
export const KEPT_CALLS = 200;

/**
 * How a call ended, from this device's side: answered (it connected here), missed (it rang here
 * and nobody answered anywhere), declined (here), answered-elsewhere or declined-elsewhere (on
 * another device of this person), not-answered (an outgoing call that never connected).
 */
export const OUTCOMES = ['answered', 'missed', 'declined', 'answered-elsewhere', 'declined-elsewhere', 'not-answered'];

/** A history entry: `durationMs` is the time connected (0 when it never connected). */
export function callRecord({ callId, peerId, media, outgoing, startedAt, connectedAt, endedAt, outcome }) {
  const ended = Number.isFinite(endedAt) ? endedAt : Date.now();
  const started = Number.isFinite(startedAt) ? startedAt : ended;
  const connected = Number.isFinite(connectedAt) ? connectedAt : null;
  return {
    callId,
    peerId,
    media: media === 'audio' ? 'audio' : 'video',
    direction: outgoing ? 'outgoing' : 'incoming',
    outcome: OUTCOMES.includes(outcome) ? outcome : connected ? 'answered' : outgoing ? 'not-answered' : 'missed',
    startedAt: started,
    durationMs: connected ? Math.max(0, ended - connected) : 0,
  };
}

/**
 * The list with `entry` in it, newest first: a call already listed (a page that rejoined it after a
 * reload ends it a second time) is replaced, and at most KEPT_CALLS are kept.
 */
export function withRecord(list, entry) {
  const others = list.filter((existing) => existing.callId !== entry.callId);
  return [entry, ...others].sort((a, b) => b.startedAt - a.startedAt).slice(0, KEPT_CALLS);
}

/** How many calls were missed since `seenAt` (the last time the history was opened). */
export function missedSince(list, seenAt) {
  return list.filter((entry) => entry.outcome === 'missed' && entry.startedAt > (seenAt || 0)).length;
}

/** The catalogue key that says what happened to a call. */
export function outcomeKey(entry) {
  if (entry.outcome === 'answered') return `history.${entry.direction}`;
  return `history.${entry.outcome}`;
}

/** A kept list read back from storage: only well-formed entries, whatever was stored. */
export function parseHistory(text) {
  let value;
  try {
    value = JSON.parse(text ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value
    .filter(
      (entry) =>
        entry &&
        typeof entry.callId === 'string' &&
        typeof entry.peerId === 'string' &&
        OUTCOMES.includes(entry.outcome) &&
        ['incoming', 'outgoing'].includes(entry.direction) &&
        Number.isFinite(entry.startedAt) &&
        Number.isFinite(entry.durationMs),
    )
    .slice(0, KEPT_CALLS);
}
