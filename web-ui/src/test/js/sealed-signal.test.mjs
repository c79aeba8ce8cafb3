import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client } from './client-paths.mjs';

const { SealError, open, seal } = await import(client('js/logic/sealed-signal.js'));
const { subtle } = globalThis.crypto;

/** A device as a browser makes one: private keys not extractable. */
async function device() {
  return {
    signing: await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']),
    agreement: await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']),
  };
}

const ada = await device();
const bobPhone = await device();
const bobLaptop = await device();
const mallory = await device();
const offer = { sdp: 'v=0\r\na=fingerprint:sha-256 AB:CD\r\n', media: 'video' };
const bound = {
  fromUser: 'ada',
  fromDevice: 'ada-1',
  toUser: 'bob',
  toDevice: 'bob-phone',
  callId: 'c1',
  type: 'offer',
};

async function refusal(promise) {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof SealError, `a SealError, not ${error}`);
    return error.reason;
  }
  assert.fail('opened what it should have refused');
}

test('a payload sealed for a device opens there, to exactly what was sealed', async () => {
  const envelope = await seal(offer, bound, bobPhone.agreement.publicKey, ada.signing.privateKey);
  assert.deepEqual(Object.keys(envelope).sort(), ['ct', 'epk', 'iv', 'sig', 'v']);
  assert.ok(!JSON.stringify(envelope).includes('fingerprint'), 'nothing of the SDP shows');
  assert.deepEqual(await open(envelope, bound, bobPhone.agreement.privateKey, ada.signing.publicKey), offer);
});

test('two seals of the same payload share nothing (fresh ephemeral key and IV each)', async () => {
  const first = await seal(offer, bound, bobPhone.agreement.publicKey, ada.signing.privateKey);
  const second = await seal(offer, bound, bobPhone.agreement.publicKey, ada.signing.privateKey);
  assert.notEqual(first.epk, second.epk);
  assert.notEqual(first.ct, second.ct);
});

test('a payload changed on the way is refused before anything is decrypted', async () => {
  const envelope = await seal(offer, bound, bobPhone.agreement.publicKey, ada.signing.privateKey);
  const ct = Buffer.from(envelope.ct, 'base64');
  ct[0] ^= 1;
  const tampered = { ...envelope, ct: ct.toString('base64') };
  assert.equal(await refusal(open(tampered, bound, bobPhone.agreement.privateKey, ada.signing.publicKey)), 'signature');
});

test('a payload replayed into another call, as another frame type, or re-addressed is refused', async () => {
  const envelope = await seal(offer, bound, bobPhone.agreement.publicKey, ada.signing.privateKey);
  for (const elsewhere of [
    { callId: 'c2' },
    { type: 'answer' },
    { toUser: 'carol' },
    { fromUser: 'mallory' },
    { fromDevice: 'ada-2' },
  ]) {
    const reason = await refusal(
      open(envelope, { ...bound, ...elsewhere }, bobPhone.agreement.privateKey, ada.signing.publicKey),
    );
    assert.equal(reason, 'signature', JSON.stringify(elsewhere));
  }
});

test('a payload sealed for another device does not open on this one', async () => {
  const envelope = await seal(offer, bound, bobLaptop.agreement.publicKey, ada.signing.privateKey);
  assert.equal(await refusal(open(envelope, bound, bobPhone.agreement.privateKey, ada.signing.publicKey)), 'decrypt');
});

test("a payload signed by anyone but the sender's device is refused: a swapped key or a forged SDP", async () => {
  // Mallory seals her own SDP (her fingerprint) for Bob and passes it off as Ada's.
  const forged = await seal(
    { ...offer, sdp: 'a=fingerprint:sha-256 EE:EE' },
    bound,
    bobPhone.agreement.publicKey,
    mallory.signing.privateKey,
  );
  assert.equal(await refusal(open(forged, bound, bobPhone.agreement.privateKey, ada.signing.publicKey)), 'signature');
});

test('malformed envelopes are refused with a reason', async () => {
  const envelope = await seal(offer, bound, bobPhone.agreement.publicKey, ada.signing.privateKey);
  assert.equal(
    await refusal(open({ ...envelope, v: 2 }, bound, bobPhone.agreement.privateKey, ada.signing.publicKey)),
    'version',
  );
  assert.equal(
    await refusal(open({ ...envelope, iv: 42 }, bound, bobPhone.agreement.privateKey, ada.signing.publicKey)),
    'malformed',
  );
  assert.equal(await refusal(open(null, bound, bobPhone.agreement.privateKey, ada.signing.publicKey)), 'version');
  await assert.rejects(
    seal(offer, { ...bound, callId: '' }, bobPhone.agreement.publicKey, ada.signing.privateKey),
    TypeError,
  );
});
