import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client } from './client-paths.mjs';

const { isKeptMessage, keptFields, mergeMessages } = await import(client('js/logic/chat-log.js'));

const msg = (id, at, extra = {}) => ({ id, text: `text ${id}`, at, mine: false, ...extra });

test('kept and live messages merge oldest first, each once', () => {
  const kept = [msg('a', 1), msg('b', 2)];
  const live = [msg('b', 2), msg('c', 3)];
  assert.deepEqual(
    mergeMessages(kept, live).map((m) => m.id),
    ['a', 'b', 'c'],
  );
  assert.deepEqual(
    mergeMessages([], [msg('z', 9), msg('y', 1)]).map((m) => m.id),
    ['y', 'z'],
  );
});

test('a delivery mark learnt on either side is kept', () => {
  const merged = mergeMessages(
    [msg('a', 1, { mine: true, delivered: false })],
    [msg('a', 1, { mine: true, delivered: true })],
  );
  assert.equal(merged[0].delivered, true);
  const stillDelivered = mergeMessages(
    [msg('a', 1, { mine: true, delivered: true })],
    [msg('a', 1, { mine: true, delivered: false })],
  );
  assert.equal(stillDelivered[0].delivered, true);
});

test('every mark a message gained is kept, whichever copy learnt it', () => {
  const [merged] = mergeMessages(
    [msg('a', 1, { mine: true, relayed: true, stored: true, read: true })],
    [msg('a', 1, { mine: true, relayed: true, delivered: true })],
  );
  assert.deepEqual([merged.stored, merged.delivered, merged.read], [true, true, true]);
  const [theirs] = mergeMessages([msg('b', 2, { readSent: true })], [msg('b', 2)]);
  assert.equal(theirs.readSent, true);
});

test('a kept record holds the content and the marks, nothing else', () => {
  const kept = keptFields({ ...msg('a', 1, { mine: true, delivered: 1 }), link: {}, extra: 'x' });
  assert.deepEqual(kept, {
    id: 'a',
    text: 'text a',
    at: 1,
    mine: true,
    relayed: false,
    failed: false,
    stored: false,
    delivered: true,
    read: false,
    readSent: false,
  });
});

test('only the newest are kept beyond the limit', () => {
  const many = Array.from({ length: 10 }, (_, i) => msg(`m${i}`, i));
  assert.deepEqual(
    mergeMessages(many, [], 3).map((m) => m.id),
    ['m7', 'm8', 'm9'],
  );
});

test('stored records are checked before they are shown', () => {
  assert.equal(isKeptMessage({ id: 'a', text: 'hi', at: 1, mine: true }), true);
  for (const bad of [
    null,
    'a',
    { id: 1, text: 'hi', at: 1, mine: true },
    { id: 'a', text: 'hi', at: '1', mine: true },
    { id: 'a', at: 1, mine: false },
  ]) {
    assert.equal(isKeptMessage(bad), false, JSON.stringify(bad));
  }
});
