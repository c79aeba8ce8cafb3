import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client } from './client-paths.mjs';
import { refusal } from './sealing-support.mjs';

const { open, seal } = await import(client('js/logic/sealed-signal.js'));
const { subtle } = globalThis.crypto;

/** A device as a browser makes one: private keys not extractable. */
async function device(deviceId) {
  return {
    deviceId,
    signing: await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']),
    agreement: await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']),
  };
}

const ada = await device('ada-1');
const bobPhone = await device('bob-phone');
const bobLaptop = await device('bob-laptop');
const mallory = await device('mallory-1');
const offer = { sdp: 'v=0\r\na=fingerprint:sha-256 AB:CD\r\n' };
const bound = { fromUser: 'ada', fromDevice: 'ada-1', toUser: 'bob', callId: 'c1', type: 'offer' };
const asRouted = { fromUser: 'ada', toUser: 'bob', callId: 'c1', type: 'offer' };
const bobs = [bobPhone, bobLaptop].map(({ deviceId, agreement }) => ({ deviceId, agreementKey: agreement.publicKey }));
const on = ({ deviceId, agreement }) => ({ deviceId, agreementKey: agreement.privateKey });

test('a payload sealed for the devices of a person opens on each of them, to exactly what was sealed', async () => {
  const sealed = await seal(offer, bound, bobs, ada.signing.privateKey);
  assert.deepEqual(Object.keys(sealed).sort(), ['ct', 'epk', 'iv', 'keys', 'sender', 'sig', 'v']);
  assert.deepEqual(Object.keys(sealed.keys).sort(), ['bob-laptop', 'bob-phone']);
  assert.ok(!JSON.stringify(sealed).includes('fingerprint'), 'nothing of the SDP shows');
  assert.deepEqual(await open(sealed, asRouted, on(bobPhone), ada.signing.publicKey), offer);
  assert.deepEqual(await open(sealed, asRouted, on(bobLaptop), ada.signing.publicKey), offer);
});

test('the payload is there once, whatever the number of devices', async () => {
  const one = await seal(offer, bound, bobs.slice(0, 1), ada.signing.privateKey);
  const two = await seal(offer, bound, bobs, ada.signing.privateKey);
  assert.equal(one.ct.length, two.ct.length);
  await assert.rejects(seal(offer, bound, [], ada.signing.privateKey), TypeError);
});

test('two seals of the same payload share nothing (fresh content key, ephemeral key and IVs)', async () => {
  const first = await seal(offer, bound, bobs, ada.signing.privateKey);
  const second = await seal(offer, bound, bobs, ada.signing.privateKey);
  assert.notEqual(first.epk, second.epk);
  assert.notEqual(first.ct, second.ct);
  assert.notEqual(first.keys['bob-phone'].wrapped, second.keys['bob-phone'].wrapped);
});

test('a payload or a wrapped key changed on the way is refused before anything is decrypted', async () => {
  const sealed = await seal(offer, bound, bobs, ada.signing.privateKey);
  const flipped = (text) => {
    const bytes = Buffer.from(text, 'base64');
    bytes[0] ^= 1;
    return bytes.toString('base64');
  };
  const tamperings = [
    { ...sealed, ct: flipped(sealed.ct) },
    { ...sealed, epk: flipped(sealed.epk) },
    {
      ...sealed,
      keys: {
        ...sealed.keys,
        'bob-phone': { ...sealed.keys['bob-phone'], wrapped: flipped(sealed.keys['bob-phone'].wrapped) },
      },
    },
  ];
  for (const tampered of tamperings) {
    assert.equal(await refusal(open(tampered, asRouted, on(bobPhone), ada.signing.publicKey)), 'signature');
  }
});

test("a device's entry taken from another frame, or one dropped, is refused", async () => {
  const sealed = await seal(offer, bound, bobs, ada.signing.privateKey);
  const other = await seal({ sdp: 'v=0 other' }, bound, bobs, ada.signing.privateKey);
  const spliced = { ...sealed, keys: { ...sealed.keys, 'bob-phone': other.keys['bob-phone'] } };
  assert.equal(await refusal(open(spliced, asRouted, on(bobPhone), ada.signing.publicKey)), 'signature');
  const { 'bob-laptop': dropped, ...phoneOnly } = sealed.keys;
  assert.ok(dropped);
  assert.equal(
    await refusal(open({ ...sealed, keys: phoneOnly }, asRouted, on(bobPhone), ada.signing.publicKey)),
    'signature',
  );
});

test('a payload replayed into another call, as another frame type, or re-addressed is refused', async () => {
  const sealed = await seal(offer, bound, bobs, ada.signing.privateKey);
  for (const elsewhere of [{ callId: 'c2' }, { type: 'answer' }, { toUser: 'carol' }, { fromUser: 'mallory' }]) {
    const reason = await refusal(open(sealed, { ...asRouted, ...elsewhere }, on(bobPhone), ada.signing.publicKey));
    assert.equal(reason, 'signature', JSON.stringify(elsewhere));
  }
  // Passed off as from another of Ada's devices: the binding names the sender device too.
  assert.equal(
    await refusal(open({ ...sealed, sender: 'ada-2' }, asRouted, on(bobPhone), ada.signing.publicKey)),
    'signature',
  );
});

test('a payload sealed for other devices does not open on this one', async () => {
  const sealed = await seal(offer, bound, bobs.slice(1), ada.signing.privateKey);
  assert.equal(await refusal(open(sealed, asRouted, on(bobPhone), ada.signing.publicKey)), 'not-for-this-device');
  // Its entry relabelled for this device: the signature no longer holds; re-signed, it does not decrypt.
  const relabelled = { ...sealed, keys: { 'bob-phone': sealed.keys['bob-laptop'] } };
  assert.equal(await refusal(open(relabelled, asRouted, on(bobPhone), ada.signing.publicKey)), 'signature');
});

test("a payload signed by anyone but the sender's device is refused: a swapped key or a forged SDP", async () => {
  // Mallory seals her own SDP (her fingerprint) for Bob and passes it off as Ada's device.
  const forged = await seal({ sdp: 'a=fingerprint:sha-256 EE:EE' }, bound, bobs, mallory.signing.privateKey);
  assert.equal(await refusal(open(forged, asRouted, on(bobPhone), ada.signing.publicKey)), 'signature');
});

test('malformed payloads are refused with a reason', async () => {
  const sealed = await seal(offer, bound, bobs, ada.signing.privateKey);
  const key = ada.signing.publicKey;
  assert.equal(await refusal(open({ ...sealed, v: 2 }, asRouted, on(bobPhone), key)), 'version');
  assert.equal(await refusal(open({ ...sealed, iv: 42 }, asRouted, on(bobPhone), key)), 'malformed');
  assert.equal(await refusal(open({ ...sealed, keys: null }, asRouted, on(bobPhone), key)), 'not-for-this-device');
  assert.equal(await refusal(open(null, asRouted, on(bobPhone), key)), 'version');
  await assert.rejects(seal(offer, { ...bound, callId: '' }, bobs, ada.signing.privateKey), TypeError);
});
