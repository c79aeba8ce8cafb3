// Safety numbers (issue 19): what two contacts compare, in person or on another channel, to know
// that the keys their devices seal signaling with are each other's and nobody else's. Derived from
// both users' device signing keys, the same on both sides, and changed by any device added or
// replaced. The scheme follows Signal's numeric fingerprint: per user, SHA-512 iterated over the
// keys and the user id, 30 digits from the first 30 bytes; the two halves in user id order.

const ITERATIONS = 5200;
const VERSION = new Uint8Array([0, 1]);
const encoder = new TextEncoder();

/**
 * The 60-digit safety number of two users, each `{userId, signingKeys}` (their devices' signing
 * keys as base64 SPKI, in any order), as twelve groups of five digits.
 */
export async function safetyNumber(one, other) {
  const [first, second] = [one, other].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  const digits = (await half(first)) + (await half(second));
  return digits.match(/\d{5}/g).join(' ');
}

/**
 * What this device knows of a contact's keys: 'verified' (the number marked verified is the
 * current one), 'changed' (it was verified, the keys changed since), 'new-keys' (never verified,
 * the keys changed since last seen), 'unverified', or 'unavailable' (a side has no device keys).
 */
export function verificationState(number, verified, seen) {
  if (!number) return 'unavailable';
  if (verified) return verified === number ? 'verified' : 'changed';
  return seen && seen !== number ? 'new-keys' : 'unverified';
}

async function half({ userId, signingKeys }) {
  const keys = [...signingKeys].sort().join(',');
  const identity = encoder.encode(`${keys}|${userId}`);
  let hash = concat(VERSION, identity);
  for (let i = 0; i < ITERATIONS; i++) {
    hash = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-512', concat(hash, identity)));
  }
  let digits = '';
  for (let chunk = 0; chunk < 6; chunk++) {
    let value = 0;
    for (let i = 0; i < 5; i++) value = value * 256 + hash[chunk * 5 + i];
    digits += String(value % 100000).padStart(5, '0');
  }
  return digits;
}

function concat(a, b) {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}
