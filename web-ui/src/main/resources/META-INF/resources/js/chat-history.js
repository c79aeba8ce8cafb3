// Chat history on this device (IndexedDB): each conversation's messages, per signed-in user, so a
// reload or the next visit shows them again. Nothing of it leaves the browser; "Clear history"
// removes a conversation's. Storage that is unavailable (a private window that refuses it) leaves
// chat working as before, in memory only.

import { KEPT_PER_CONVERSATION, isKeptMessage, keptFields } from './logic/chat-log.js';

const DB_NAME = 'cybernet-chat';
const STORE = 'messages';

let opening = null;

function database() {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore(STORE, { keyPath: ['owner', 'peer', 'id'] });
      store.createIndex('conversation', ['owner', 'peer']);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opening;
}

async function run(mode, work) {
  const db = await database();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(STORE, mode);
    const result = work(transaction.objectStore(STORE));
    transaction.oncomplete = () => resolve(result.value);
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
}

/** `owner`'s kept messages with `peer`, oldest first. */
export async function loadHistory(owner, peer) {
  return run('readonly', (store) => {
    const result = { value: [] };
    store.index('conversation').getAll([owner, peer]).onsuccess = (event) => {
      result.value = event.target.result
        .map(({ owner: _owner, peer: _peer, ...message }) => message)
        .filter(isKeptMessage)
        .sort((a, b) => a.at - b.at)
        .slice(-KEPT_PER_CONVERSATION);
    };
    return result;
  });
}

/** Keeps (or updates) messages of `owner` with `peer`. */
export async function keepMessages(owner, peer, messages) {
  return run('readwrite', (store) => {
    for (const message of messages) {
      store.put({ owner, peer, ...keptFields(message) });
    }
    return { value: undefined };
  });
}

/** Forgets everything `owner` kept with `peer`. */
export async function clearHistory(owner, peer) {
  return run('readwrite', (store) => {
    store.index('conversation').openKeyCursor(IDBKeyRange.only([owner, peer])).onsuccess = (event) => {
      const cursor = event.target.result;
      if (!cursor) return;
      store.delete(cursor.primaryKey);
      cursor.continue();
    };
    return { value: undefined };
  });
}
