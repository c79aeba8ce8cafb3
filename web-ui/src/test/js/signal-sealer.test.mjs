import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client } from './client-paths.mjs';
import { refusal } from './sealing-support.mjs';

const { SignalSealer } = await import(client('js/signal-sealer.js'));
const { subtle } = globalThis.crypto;

async function identity(userId, deviceId) {
  return {
    userId,
    deviceId,
    signing: await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']),
    agreement: await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']),
  };
}

const ada = await identity('ada', 'ada-laptop');
const bobPhone = await identity('bob', 'bob-phone');
const bobTablet = await identity('bob', 'bob-tablet');
const carol = await identity('carol', 'carol-1');

/** The key directory as the page reads it, over these devices. */
const directory = {
  devices: [ada, bobPhone, bobTablet, carol],
  async recipients(userId) {
    return this.devices
      .filter((device) => device.userId === userId)
      .map((device) => ({ deviceId: device.deviceId, agreementKey: device.agreement.publicKey }));
  },
  async signingKey(userId, deviceId) {
    const device = this.devices.find((entry) => entry.userId === userId && entry.deviceId === deviceId);
    return device?.signing.publicKey ?? null;
  },
};

const sealerOf = (device) => new SignalSealer(directory, { registered: async () => device });
/** What the server makes of a frame: the sender it knows, a seq, the rest as sent. */
const routed = (frame, fromUser) => ({ ...frame, from: { userId: fromUser, sessionId: 's1' }, seq: 7 });

const offer = { type: 'offer', to: 'bob', callId: 'c1', media: 'video', sdp: 'v=0\r\na=fingerprint:sha-256 AB:CD\r\n' };

test('an offer leaves with its SDP sealed for every device of the recipient, and opens on each', async () => {
  const wire = await sealerOf(ada).seal(offer);
  assert.deepEqual(Object.keys(wire).sort(), ['callId', 'media', 'sealed', 'to', 'type']);
  assert.deepEqual(Object.keys(wire.sealed.keys).sort(), ['bob-phone', 'bob-tablet']);
  assert.ok(!JSON.stringify(wire).includes('fingerprint'));
  for (const device of [bobPhone, bobTablet]) {
    const opened = await sealerOf(device).open(routed(wire, 'ada'));
    assert.equal(opened.sdp, offer.sdp);
    assert.equal(opened.media, 'video');
    assert.equal(opened.seq, 7);
    assert.equal(opened.sealed, undefined);
  }
});

test('the end of candidates (a null candidate) survives sealing', async () => {
  const wire = await sealerOf(ada).seal({ type: 'candidate', to: 'bob', callId: 'c1', candidate: null });
  assert.equal('candidate' in wire, false);
  const opened = await sealerOf(bobPhone).open(routed(wire, 'ada'));
  assert.equal(opened.candidate, null);
});

test('frames without a payload pass as they are, both ways', async () => {
  const hangup = { type: 'hangup', to: 'bob', callId: 'c1' };
  assert.deepEqual(await sealerOf(ada).seal(hangup), hangup);
  assert.deepEqual(await sealerOf(bobPhone).open(routed(hangup, 'ada')), routed(hangup, 'ada'));
});

test('a plaintext SDP or candidate from the server is never applied', async () => {
  assert.equal(await refusal(sealerOf(bobPhone).open(routed(offer, 'ada'))), 'plaintext');
  const wire = await sealerOf(ada).seal(offer);
  // Sealed, and a plaintext SDP beside it for the app to pick up instead.
  assert.equal(await refusal(sealerOf(bobPhone).open(routed({ ...wire, sdp: 'v=0 evil' }, 'ada'))), 'plaintext');
});

test("a frame for this person's other devices is set aside quietly; one passed off as another sender's is refused", async () => {
  const wire = await sealerOf(ada).seal({ ...offer, to: 'carol' });
  assert.equal(await sealerOf(bobPhone).open(routed(wire, 'ada')), null);
  // Ada's offer to Bob, delivered as if Carol sent it: the directory has no such device of Carol's.
  const toBob = await sealerOf(ada).seal(offer);
  assert.equal(await refusal(sealerOf(bobPhone).open(routed(toBob, 'carol'))), 'unknown-device');
  // Replayed into another call by the server.
  assert.equal(await refusal(sealerOf(bobPhone).open(routed({ ...toBob, callId: 'c2' }, 'ada'))), 'signature');
});

test('nobody to seal for is a refusal, not a plaintext frame', async () => {
  await assert.rejects(sealerOf(ada).seal({ ...offer, to: 'dave' }), (error) => error.reason === 'no-keys');
});

test('a relayed message is sealed like an SDP, bound to its message id', async () => {
  const body = JSON.stringify({ v: 1, text: 'see you at 8', at: 1 });
  const wire = await sealerOf(ada).seal({ type: 'message', to: 'bob', messageId: 'm1', body });
  assert.equal('body' in wire, false);
  assert.ok(!JSON.stringify(wire).includes('see you'));
  assert.equal((await sealerOf(bobTablet).open(routed(wire, 'ada'))).body, body);
  // Passed off as another message (a receipt or a duplicate check would then mislead).
  assert.equal(await refusal(sealerOf(bobTablet).open(routed({ ...wire, messageId: 'm2' }, 'ada'))), 'signature');
});
