import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client } from './client-paths.mjs';

const { RESUME_WINDOW_MS, receiverAnswer, resumeExpired, senderAnswer, unhashedPart } = await import(
  client('js/logic/transfer-resume.js')
);
const { rateAndEta } = await import(client('js/logic/transfer-progress.js'));

const paused = (bytes) => ({ outgoing: true, state: 'paused', bytes, size: 1000 });

test('a paused sender goes on from the offset the receiver holds', () => {
  assert.deepEqual(senderAnswer(paused(600), 512), { action: 'send', offset: 512 });
  assert.deepEqual(senderAnswer(paused(600), 0), { action: 'send', offset: 0 });
  assert.deepEqual(senderAnswer(paused(1000), 1000), { action: 'send', offset: 1000 }, 'only the end was lost');
});

test('an offset past what was sent, or not a byte count, is refused', () => {
  for (const offset of [601, -1, 1.5, '512', null, undefined, Number.MAX_SAFE_INTEGER + 2]) {
    assert.deepEqual(senderAnswer(paused(600), offset), { action: 'cancel' }, String(offset));
  }
});

test('a duplicate resume for a transfer already going again or finished is ignored', () => {
  assert.deepEqual(senderAnswer({ ...paused(600), state: 'sending' }, 512), { action: 'ignore' });
  assert.deepEqual(senderAnswer({ ...paused(1000), state: 'verified' }, 1000), { action: 'ignore' });
});

test('a resume for a transfer the sender stopped, or never sent, is answered with a cancel', () => {
  assert.deepEqual(senderAnswer(undefined, 0), { action: 'cancel' });
  assert.deepEqual(senderAnswer({ ...paused(600), outgoing: false }, 0), { action: 'cancel' });
  assert.deepEqual(senderAnswer({ ...paused(600), state: 'cancelled' }, 0), { action: 'cancel' });
  assert.deepEqual(senderAnswer({ ...paused(600), state: 'failed' }, 0), { action: 'cancel' });
});

test('a receiver tells a sender that asks again how its transfer ended', () => {
  const incoming = { outgoing: false, state: 'verified', sha256: 'ab' };
  assert.equal(receiverAnswer(incoming), 'done', 'the first file-done was lost with the connection');
  assert.equal(receiverAnswer({ ...incoming, state: 'failed' }), 'done', 'damaged: the sender learns it');
  assert.equal(receiverAnswer({ ...incoming, state: 'paused' }), 'wait');
  assert.equal(receiverAnswer({ ...incoming, state: 'receiving' }), 'wait');
  assert.equal(receiverAnswer({ ...incoming, state: 'failed', sha256: undefined }), 'cancel');
  assert.equal(receiverAnswer({ ...incoming, state: 'cancelled' }), 'cancel');
  assert.equal(receiverAnswer(undefined), 'cancel');
  assert.equal(receiverAnswer({ ...incoming, outgoing: true }), 'cancel');
});

test('a paused transfer expires after the resume window, and only a paused one', () => {
  const transfer = { state: 'paused', pausedAt: 1_000 };
  assert.equal(resumeExpired(transfer, 1_000 + RESUME_WINDOW_MS), false);
  assert.equal(resumeExpired(transfer, 1_001 + RESUME_WINDOW_MS), true);
  assert.equal(resumeExpired({ ...transfer, state: 'sending' }, 1_001 + RESUME_WINDOW_MS), false);
});

test('a resumed send hashes only the bytes its hash has not seen', () => {
  const block = new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]);
  assert.equal(unhashedPart(block, 16, 16), block, 'a fresh block');
  assert.equal(unhashedPart(block, 16, 8), block, 'hashed up to before it');
  assert.deepEqual([...unhashedPart(block, 16, 20)], [4, 5, 6, 7], 're-read from before the hashed end');
  assert.equal(unhashedPart(block, 16, 24), null, 'hashed already');
  assert.equal(unhashedPart(block, 16, 40), null);
});

test('a resumed transfer reports the speed of what moved since it resumed', () => {
  const { speed, secondsLeft } = rateAndEta(
    { bytes: 60_000_000, size: 100_000_000, startedAt: 0, resumedFrom: 40_000_000 },
    2000,
  );
  assert.equal(speed, 10_000_000);
  assert.equal(secondsLeft, 4);
});

test("a receiver's acknowledgement is a byte count, and anything else on the file channel is not", async () => {
  const { acknowledgement } = await import(client('js/files.js'));
  assert.equal(acknowledgement('{"ack":1048576}'), 1048576);
  assert.equal(acknowledgement('{"ack":0}'), 0);
  for (const text of ['{"ack":-1}', '{"ack":1.5}', '{"ack":"1"}', '{"end":true}', 'not json', '{"ack":1e300}']) {
    assert.equal(acknowledgement(text), null, text);
  }
});
