// This device's identity for end-to-end sealed signaling (issue 19): an ECDSA P-256 key pair to sign
// and an ECDH P-256 key pair to agree on keys, made by WebCrypto with private keys that cannot be
// exported, kept in IndexedDB per account, and registered (the public halves only) in the key
// directory at every sign-in. A browser without storage for it simply has no identity.

import { toBase64 } from './logic/sealed-signal.js';

const DB_NAME = 'cybernet-identity';
const STORE = 'devices';

let opening = null;

function database() {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'userId' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opening;
}

function run(mode, work) {
  return database().then(
    (db) =>
      new Promise((resolve, reject) => {
        const transaction = db.transaction(STORE, mode);
        const request = work(transaction.objectStore(STORE));
        transaction.oncomplete = () => resolve(request.result);
        transaction.onerror = () => reject(transaction.error);
      }),
  );
}

/** This device's identity for `userId`, made on first use. */
export async function deviceIdentity(userId) {
  const kept = await run('readonly', (store) => store.get(userId));
  if (kept) return kept;
  const { subtle } = globalThis.crypto;
  const identity = {
    userId,
    deviceId: crypto.randomUUID(),
    signing: await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']),
    agreement: await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']),
  };
  await run('readwrite', (store) => store.put(identity));
  return identity;
}

/** The public halves as the key directory takes them (SubjectPublicKeyInfo, base64). */
export async function publicKeys(identity) {
  const { subtle } = globalThis.crypto;
  return {
    signingKey: toBase64(new Uint8Array(await subtle.exportKey('spki', identity.signing.publicKey))),
    agreementKey: toBase64(new Uint8Array(await subtle.exportKey('spki', identity.agreement.publicKey))),
  };
}

/** Registers this device in the key directory (the same keys again change nothing there). */
export async function registerDevice(session, identity) {
  await session.request('PUT', `/api/keys/devices/${identity.deviceId}`, await publicKeys(identity));
  return identity;
}

/**
 * This device's place in the key directory for the signed-in person: registered on first use, and
 * tried again on the next use after a refusal (the account had as many devices as it may, and one
 * was removed since), so nothing needs a reload.
 */
export class DeviceRegistration {
  #session;
  #userId;
  #pending = null;

  constructor(session, userId) {
    this.#session = session;
    this.#userId = userId;
  }

  /** This device's identity, once the directory lists it. */
  registered() {
    if (!this.#pending) {
      const pending = deviceIdentity(this.#userId).then((identity) => registerDevice(this.#session, identity));
      pending.catch(() => {
        if (this.#pending === pending) this.#pending = null;
      });
      this.#pending = pending;
    }
    return this.#pending;
  }
}
