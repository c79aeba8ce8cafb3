// Catching up on open: a page starts from the last signal this device processed (kept across
// reloads), so what arrived while it was closed is applied in order, once. Offers among those are
// history unless their call can still be answered. Pure, so it is unit-tested without a browser.

/** How long the server rings a call (SIGNALING_LIMITS_RING_TIMEOUT, 45 s by default). */
export const RING_MS = 45_000;

/**
 * Where a page starts: after the kept cursor when the server still counts from there, else at
 * the server's last seq (a first visit on this device, or the server's counters were reset).
 */
export function startingPoint(kept, lastSeq) {
  return Number.isInteger(kept) && kept >= 0 && kept <= lastSeq ? kept : lastSeq;
}

/**
 * What a caught-up offer is now: 'ring' while its call can still be answered (not ended among the
 * caught-up signals and taken by the server less than the ring time ago), otherwise 'missed'.
 */
export function caughtUpOffer(offer, ended, now = Date.now()) {
  if (ended) return 'missed';
  return typeof offer.at === 'number' && now - offer.at < RING_MS ? 'ring' : 'missed';
}

/** The device's cursor: the last seq this device processed, per user, in localStorage. */
export function deviceCursor(storage, userId) {
  const key = `cybernet.cursor.${userId}`;
  return {
    read() {
      const value = Number.parseInt(storage?.getItem(key) ?? '', 10);
      return Number.isInteger(value) ? value : null;
    },
    write(seq) {
      try {
        storage?.setItem(key, String(seq));
      } catch {
        // Storage full or denied: this device then starts from the server's position next time.
      }
    },
  };
}
