// End-to-end sealed signaling payloads (issue 19): what a frame carries for one device of its
// recipient, so that the servers relay and store only ciphertext, and nobody between the two
// browsers can change an SDP (its DTLS fingerprint included) without the recipient noticing.
//
//   ephemeral ECDH P-256 with the recipient device's agreement key → HKDF-SHA-256 → AES-256-GCM,
//   signed with the sender device's ECDSA P-256 identity key.
//
// Both the key derivation and the signature cover the binding: sender and recipient (user and
// device), call id and frame type, so a sealed payload cannot be replayed into another call or
// frame, or re-addressed. WebCrypto only; nothing here is hand-written cryptography.

const VERSION = 1;
const CURVE = { name: 'ECDH', namedCurve: 'P-256' };
const SIGNATURE = { name: 'ECDSA', hash: 'SHA-256' };
const encoder = new TextEncoder();

/** Why a sealed payload was not opened (the frame is then dropped, and the person told). */
export class SealError extends Error {
  constructor(reason) {
    super(`sealed payload refused: ${reason}`);
    this.reason = reason;
  }
}

/** What a sealed payload is bound to, as the bytes both key derivation and signature cover. */
export function binding({ fromUser, fromDevice, toUser, toDevice, callId, type }) {
  for (const [name, value] of Object.entries({ fromUser, fromDevice, toUser, toDevice, callId, type })) {
    if (typeof value !== 'string' || value.length === 0 || value.includes('\n')) {
      throw new TypeError(`binding needs ${name}`);
    }
  }
  return encoder.encode(['cybernet-signal', VERSION, fromUser, fromDevice, toUser, toDevice, callId, type].join('\n'));
}

/**
 * Seals `payload` (any JSON value) for one device: `recipientKey` is its ECDH public key,
 * `signingKey` the sender device's ECDSA private key. Returns the envelope to put in the frame.
 */
export async function seal(payload, bound, recipientKey, signingKey) {
  const { subtle } = globalThis.crypto;
  const info = binding(bound);
  const ephemeral = await subtle.generateKey(CURVE, false, ['deriveBits']);
  const epk = new Uint8Array(await subtle.exportKey('spki', ephemeral.publicKey));
  const key = await messageKey(ephemeral.privateKey, recipientKey, epk, info);
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const plaintext = encoder.encode(JSON.stringify(payload));
  const ct = new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: info }, key, plaintext));
  const sig = new Uint8Array(await subtle.sign(SIGNATURE, signingKey, signedBytes(info, epk, iv, ct)));
  return { v: VERSION, epk: toBase64(epk), iv: toBase64(iv), ct: toBase64(ct), sig: toBase64(sig) };
}

/**
 * Opens an envelope sealed for this device: `agreementKey` is this device's ECDH private key,
 * `senderKey` the sending device's ECDSA public key from the key directory. The signature is
 * checked before anything is decrypted. Throws SealError.
 */
export async function open(envelope, bound, agreementKey, senderKey) {
  const { subtle } = globalThis.crypto;
  if (envelope?.v !== VERSION) throw new SealError('version');
  let epk, iv, ct, sig;
  try {
    [epk, iv, ct, sig] = [envelope.epk, envelope.iv, envelope.ct, envelope.sig].map(fromBase64);
  } catch {
    throw new SealError('malformed');
  }
  const info = binding(bound);
  if (!(await subtle.verify(SIGNATURE, senderKey, sig, signedBytes(info, epk, iv, ct)))) {
    throw new SealError('signature');
  }
  let ephemeral;
  try {
    ephemeral = await subtle.importKey('spki', epk, CURVE, false, []);
  } catch {
    throw new SealError('malformed');
  }
  let plaintext;
  try {
    const key = await messageKey(agreementKey, ephemeral, epk, info);
    plaintext = await subtle.decrypt({ name: 'AES-GCM', iv, additionalData: info }, key, ct);
  } catch {
    throw new SealError('decrypt');
  }
  try {
    return JSON.parse(new TextDecoder().decode(plaintext));
  } catch {
    throw new SealError('malformed');
  }
}

async function messageKey(privateKey, publicKey, epk, info) {
  const { subtle } = globalThis.crypto;
  const shared = await subtle.deriveBits({ name: 'ECDH', public: publicKey }, privateKey, 256);
  const material = await subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  return subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: epk, info },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

// Length-prefixed, so no two different (binding, epk, iv, ct) give the same bytes.
function signedBytes(...parts) {
  const total = parts.reduce((sum, part) => sum + 4 + part.length, 0);
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  let offset = 0;
  for (const part of parts) {
    view.setUint32(offset, part.length);
    bytes.set(part, offset + 4);
    offset += 4 + part.length;
  }
  return bytes;
}

export function toBase64(bytes) {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

export function fromBase64(text) {
  if (typeof text !== 'string') throw new TypeError('not base64');
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}
