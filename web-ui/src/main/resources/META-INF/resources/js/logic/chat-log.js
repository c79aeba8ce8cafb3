// One conversation's messages: what this device keeps (IndexedDB) and what arrived since this page
// opened, merged so that nothing shows twice and the newest are kept. Pure, so it is unit-tested
// without a browser.

/** Messages kept per conversation on this device; the oldest go first. */
export const KEPT_PER_CONVERSATION = 1000;

// Marks a message only ever gains: sent through the server (stored), delivered, read, and for
// theirs, that this device said it read them (readSent).
const MARKS = ['stored', 'delivered', 'read', 'readSent'];

/** What of a message is kept on the device: its content, who wrote it, how far it got. */
export function keptFields({ id, text, at, mine, relayed, failed, ...marks }) {
  const kept = { id, text, at, mine, relayed: !!relayed, failed: !!failed };
  for (const mark of MARKS) kept[mark] = !!marks[mark];
  return kept;
}

/**
 * The union of two lists of messages by id, oldest first; of a message in both, the kept copy is
 * completed by the live one (a delivery mark learnt since). At most `limit`, the newest.
 */
export function mergeMessages(kept, live, limit = KEPT_PER_CONVERSATION) {
  const byId = new Map();
  for (const message of [...kept, ...live]) {
    const known = byId.get(message.id);
    byId.set(message.id, known ? withMarksOf(known, message) : message);
  }
  return [...byId.values()].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1)).slice(-limit);
}

/** `later` over `earlier`, keeping every mark either has. */
export function withMarksOf(earlier, later) {
  const merged = { ...earlier, ...later };
  for (const mark of MARKS) merged[mark] = !!(earlier[mark] || later[mark]);
  return merged;
}

/** Whether a stored record is a message this client can show (storage is not trusted blindly). */
export function isKeptMessage(record) {
  return (
    record !== null &&
    typeof record === 'object' &&
    typeof record.id === 'string' &&
    typeof record.text === 'string' &&
    typeof record.at === 'number' &&
    typeof record.mine === 'boolean'
  );
}
