// End-to-end sealed signaling payloads (issue 19): what a frame carries instead of its SDP or ICE
// candidate, so that the servers relay and store only ciphertext, and nobody between the two
// browsers can change an SDP (its DTLS fingerprint included) without the recipient noticing.
//
// Sealed once for every device of the recipient, the way multi-recipient encryption does it (age,
// JWE): the payload is encrypted once with a fresh content key (AES-256-GCM); for each device that
// key is wrapped with a key from ephemeral ECDH P-256 with the device's agreement key → HKDF-SHA-256;
// the sender device's ECDSA P-256 identity key signs the whole. A frame stays one payload in size
// however many devices its recipient has.
//
// The binding (sender and recipient, call id, frame type) is the AES-GCM additional data, the HKDF
// info (with the device) and signed, so a sealed payload cannot be replayed into another call or
// frame, or re-addressed; the signature also covers every device's wrapped key, so no entry can be
// added, swapped or taken from another frame. WebCrypto only; nothing here is hand-written
// cryptography.

const VERSION = 1;
const CURVE = { name: 'ECDH', namedCurve: 'P-256' };
const SIGNATURE = { name: 'ECDSA', hash: 'SHA-256' };
const CONTENT_KEY = { name: 'AES-GCM', length: 256 };
const encoder = new TextEncoder();

/** Why a sealed payload was not opened (the frame is then dropped, and the person told). */
export class SealError extends Error {
  constructor(reason) {
    super(`sealed payload refused: ${reason}`);
    this.reason = reason;
  }
}

/** What a sealed payload is bound to, as bytes; `toDevice` only where one device's key is made. */
export function binding({ fromUser, fromDevice, toUser, callId, type }, toDevice) {
  const parts = { fromUser, fromDevice, toUser, callId, type };
  if (toDevice !== undefined) parts.toDevice = toDevice;
  for (const [name, value] of Object.entries(parts)) {
    if (typeof value !== 'string' || value.length === 0 || value.includes('\n')) {
      throw new TypeError(`binding needs ${name}`);
    }
  }
  return encoder.encode(['cybernet-signal', VERSION, ...Object.values(parts)].join('\n'));
}

/**
 * Seals `payload` (any JSON value) for every device in `recipients` ({deviceId, agreementKey}: the
 * device's ECDH public key), signed with `signingKey` (this device's ECDSA private key). `bound` is
 * {fromUser, fromDevice, toUser, callId, type}. Returns what the frame carries as `sealed`.
 */
export async function seal(payload, bound, recipients, signingKey) {
  const { subtle } = globalThis.crypto;
  if (recipients.length === 0) throw new TypeError('no device to seal for');
  const info = binding(bound);
  const contentKey = await subtle.generateKey(CONTENT_KEY, true, ['encrypt']);
  const iv = randomIv();
  const plaintext = encoder.encode(JSON.stringify(payload));
  const ct = new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: info }, contentKey, plaintext));
  const ephemeral = await subtle.generateKey(CURVE, false, ['deriveBits']);
  const epk = new Uint8Array(await subtle.exportKey('spki', ephemeral.publicKey));
  const keys = {};
  for (const { deviceId, agreementKey } of recipients) {
    const deviceInfo = binding(bound, deviceId);
    const kek = await keyEncryptionKey(ephemeral.privateKey, agreementKey, epk, deviceInfo, 'wrapKey');
    const keyIv = randomIv();
    const wrapped = await subtle.wrapKey('raw', contentKey, kek, {
      name: 'AES-GCM',
      iv: keyIv,
      additionalData: deviceInfo,
    });
    keys[deviceId] = { iv: toBase64(keyIv), wrapped: toBase64(new Uint8Array(wrapped)) };
  }
  const sealed = { v: VERSION, sender: bound.fromDevice, epk: toBase64(epk), iv: toBase64(iv), ct: toBase64(ct), keys };
  const sig = await subtle.sign(SIGNATURE, signingKey, signedBytes(info, sealed));
  return { ...sealed, sig: toBase64(new Uint8Array(sig)) };
}

/**
 * Opens a payload sealed for this device (`device`: {deviceId, agreementKey}, its ECDH private key)
 * by the device `sealed.sender` of `bound.fromUser`, whose ECDSA public key from the key directory
 * is `senderKey`. `bound` is {fromUser, toUser, callId, type}: what the frame says, as the server
 * routed it. The signature is checked before anything is decrypted. Throws SealError.
 */
export async function open(sealed, bound, device, senderKey) {
  const { subtle } = globalThis.crypto;
  if (sealed?.v !== VERSION) throw new SealError('version');
  const entry = Object.hasOwn(sealed.keys ?? {}, device.deviceId) ? sealed.keys[device.deviceId] : null;
  if (!entry) throw new SealError('not-for-this-device');
  const full = { ...bound, fromDevice: sealed.sender };
  let info, signed, sig, epk, iv, ct, keyIv, wrapped;
  try {
    info = binding(full);
    signed = signedBytes(info, sealed);
    [sig, epk, iv, ct, keyIv, wrapped] = [sealed.sig, sealed.epk, sealed.iv, sealed.ct, entry.iv, entry.wrapped].map(
      fromBase64,
    );
  } catch {
    throw new SealError('malformed');
  }
  if (!(await subtle.verify(SIGNATURE, senderKey, sig, signed))) throw new SealError('signature');
  let plaintext;
  try {
    const ephemeral = await subtle.importKey('spki', epk, CURVE, false, []);
    const deviceInfo = binding(full, device.deviceId);
    const kek = await keyEncryptionKey(device.agreementKey, ephemeral, epk, deviceInfo, 'unwrapKey');
    const contentKey = await subtle.unwrapKey(
      'raw',
      wrapped,
      kek,
      { name: 'AES-GCM', iv: keyIv, additionalData: deviceInfo },
      CONTENT_KEY,
      false,
      ['decrypt'],
    );
    plaintext = await subtle.decrypt({ name: 'AES-GCM', iv, additionalData: info }, contentKey, ct);
  } catch {
    throw new SealError('decrypt');
  }
  try {
    return JSON.parse(new TextDecoder().decode(plaintext));
  } catch {
    throw new SealError('malformed');
  }
}

async function keyEncryptionKey(privateKey, publicKey, epk, info, usage) {
  const { subtle } = globalThis.crypto;
  const shared = await subtle.deriveBits({ name: 'ECDH', public: publicKey }, privateKey, 256);
  const material = await subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  return subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: epk, info }, material, CONTENT_KEY, false, [usage]);
}

/**
 * What the signature covers: the binding, the payload and every device's wrapped key in device id
 * order, each part length-prefixed so that no two different frames give the same bytes.
 */
function signedBytes(info, sealed) {
  const parts = [info, utf8(sealed.sender), fromBase64(sealed.epk), fromBase64(sealed.iv), fromBase64(sealed.ct)];
  for (const deviceId of Object.keys(sealed.keys).sort()) {
    const { iv, wrapped } = sealed.keys[deviceId];
    parts.push(utf8(deviceId), fromBase64(iv), fromBase64(wrapped));
  }
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

function utf8(value) {
  if (typeof value !== 'string') throw new TypeError('not text');
  return encoder.encode(value);
}

function randomIv() {
  return globalThis.crypto.getRandomValues(new Uint8Array(12));
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
