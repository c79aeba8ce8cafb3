import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client } from './client-paths.mjs';

const { MAX_RECEIPT_IDS, MAX_TEXT_LENGTH, deliveryState, openBody, receiptFrames, receivedMessage, sealBody } =
  await import(client('js/logic/relayed-message.js'));

test('a body opens to what was sealed into it', () => {
  const body = sealBody({ text: 'see you at 8', at: 1_700_000_000_000 });
  assert.deepEqual(openBody(body), { text: 'see you at 8', at: 1_700_000_000_000 });
});

test('a body that is not a message this client can show opens to nothing', () => {
  assert.equal(openBody('not json'), null);
  assert.equal(openBody('null'), null);
  assert.equal(openBody(JSON.stringify({ v: 2, text: 'x', at: 1 })), null); // a later format
  assert.equal(openBody(JSON.stringify({ v: 1, text: '', at: 1 })), null);
  assert.equal(openBody(JSON.stringify({ v: 1, text: 'x'.repeat(MAX_TEXT_LENGTH + 1), at: 1 })), null);
  assert.equal(openBody(JSON.stringify({ v: 1, text: 'x', at: 'noon' })), null);
  assert.notEqual(openBody(JSON.stringify({ v: 1, text: 'x'.repeat(MAX_TEXT_LENGTH), at: 1 })), null);
});

test("a received frame becomes a message of theirs, under the sender's id", () => {
  const frame = { type: 'message', messageId: 'm-1', body: sealBody({ text: 'hi', at: 5 }), at: 9 };
  assert.deepEqual(receivedMessage(frame), { id: 'm-1', text: 'hi', at: 5, mine: false, relayed: true });
  assert.equal(receivedMessage({ ...frame, messageId: 'bad id!' }), null);
  assert.equal(receivedMessage({ ...frame, body: '{}' }), null);
  assert.equal(receivedMessage(null), null);
});

test("receipts go in frames of at most the server's limit, in order", () => {
  const ids = Array.from({ length: 2 * MAX_RECEIPT_IDS + 1 }, (_, i) => `m${i}`);
  const frames = receiptFrames('u1', ids, 'read');
  assert.equal(frames.length, 3);
  assert.deepEqual(
    frames.map((frame) => frame.messageIds.length),
    [MAX_RECEIPT_IDS, MAX_RECEIPT_IDS, 1],
  );
  assert.deepEqual(
    frames.flatMap((frame) => frame.messageIds),
    ids,
  );
  assert.deepEqual(Object.keys(frames[0]).sort(), ['messageIds', 'state', 'to', 'type']);
  assert.deepEqual(receiptFrames('u1', [], 'read'), []);
});

test('a message of mine shows how far it got', () => {
  assert.equal(deliveryState({ relayed: true }), 'sending');
  assert.equal(deliveryState({ relayed: true, stored: true }), 'sent');
  assert.equal(deliveryState({}), 'sent'); // peer-to-peer: sent once on the channel
  assert.equal(deliveryState({ delivered: true }), 'delivered');
  assert.equal(deliveryState({ delivered: true, read: true }), 'read');
  assert.equal(deliveryState({ relayed: true, failed: true }), 'failed');
});
