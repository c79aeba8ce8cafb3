import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client } from './client-paths.mjs';

const { SequenceBuffer } = await import(client('js/logic/sequence.js'));

const frame = (seq) => ({ seq, type: 'candidate' });
const seqs = (frames) => frames.map((f) => f.seq);

test('nothing is applied before the server says where to start', () => {
  const buffer = new SequenceBuffer();
  assert.deepEqual(buffer.accept(frame(1)), []);
  buffer.startAt(0);
  assert.deepEqual(seqs(buffer.accept(frame(1))), [1]);
});

test('frames in order are applied at once; duplicates and old ones are dropped', () => {
  const buffer = new SequenceBuffer();
  buffer.startAt(10);
  assert.deepEqual(seqs(buffer.accept(frame(11))), [11]);
  assert.deepEqual(seqs(buffer.accept(frame(12))), [12]);
  assert.deepEqual(buffer.accept(frame(12)), [], 'a duplicate');
  assert.deepEqual(buffer.accept(frame(5)), [], 'an old one');
  assert.equal(buffer.lastApplied, 12);
});

test('a frame after a gap waits until the gap fills, then everything is applied in order', () => {
  const buffer = new SequenceBuffer();
  buffer.startAt(0);
  assert.deepEqual(buffer.accept(frame(3)), []);
  assert.deepEqual(buffer.accept(frame(2)), []);
  assert.deepEqual(buffer.accept(frame(3)), [], 'held twice is held once');
  assert.equal(buffer.waiting, 2);
  assert.deepEqual(seqs(buffer.accept(frame(1))), [1, 2, 3]);
  assert.equal(buffer.waiting, 0);
});

test('giving up on a gap applies what was held, in order, and later stragglers are ignored', () => {
  const buffer = new SequenceBuffer();
  buffer.startAt(0);
  buffer.accept(frame(5));
  buffer.accept(frame(3));
  assert.deepEqual(seqs(buffer.flush()), [3, 5]);
  assert.equal(buffer.lastApplied, 5);
  assert.deepEqual(buffer.accept(frame(4)), []);
  assert.deepEqual(seqs(buffer.accept(frame(6))), [6]);
});

test('a reconnect keeps the cursor: a later welcome does not move it', () => {
  const buffer = new SequenceBuffer();
  buffer.startAt(7);
  buffer.accept(frame(8));
  buffer.startAt(20);
  assert.equal(buffer.lastApplied, 8, 'the client resumes after 8, so 9..20 are replayed');
});

test('the highest seq seen counts frames held after a gap (a catch-up reads on from there)', () => {
  const buffer = new SequenceBuffer();
  buffer.startAt(2);
  assert.equal(buffer.highestSeen, 2);
  buffer.accept(frame(3));
  buffer.accept(frame(9));
  buffer.accept(frame(7));
  assert.equal(buffer.lastApplied, 3);
  assert.equal(buffer.highestSeen, 9);
});

test('from the store, a frame naming the stored signal before it skips the numbers between', () => {
  const buffer = new SequenceBuffer();
  buffer.startAt(1);
  // 2..4 were ICE candidates to live sockets; the store's next signal names 1.
  assert.deepEqual(seqs(buffer.accept({ seq: 5, prev: 1 }, { fromStore: true })), [5]);
  assert.equal(buffer.waiting, 0);
  assert.deepEqual(buffer.accept(frame(3)), [], 'a straggler from before it is not applied after it');
});

test('from the store, a frame whose named predecessor has not been applied yet waits for it', () => {
  const buffer = new SequenceBuffer();
  buffer.startAt(1);
  assert.deepEqual(buffer.accept({ seq: 8, prev: 6 }, { fromStore: true }), []);
  assert.deepEqual(seqs(buffer.accept(frame(2), { fromStore: true })), [2]);
  assert.deepEqual(seqs(buffer.accept({ seq: 6, prev: 2 }, { fromStore: true })), [6, 8]);
});

test('over a socket every number arrives, so a gap is waited for even when prev is named', () => {
  const buffer = new SequenceBuffer();
  buffer.startAt(1);
  assert.deepEqual(buffer.accept({ seq: 5, prev: 1 }), []);
  assert.deepEqual(seqs(buffer.accept(frame(3))), []);
  assert.deepEqual(seqs(buffer.accept(frame(2))), [2, 3]);
  assert.deepEqual(seqs(buffer.accept(frame(4))), [4, 5]);
});

test('a frame from the store does not overtake candidates held from a socket', () => {
  const buffer = new SequenceBuffer();
  buffer.startAt(1);
  // The socket delivered candidate 3 (2 lost with it) before the device fell back to the store.
  assert.deepEqual(buffer.accept(frame(3)), []);
  assert.deepEqual(buffer.accept({ seq: 5, prev: 1 }, { fromStore: true }), [], 'behind the held 3');
  assert.deepEqual(seqs(buffer.flush()), [3, 5]);
});

test('a gap in what a socket delivered is a socket gap (asked for again); one in the store is not', () => {
  const buffer = new SequenceBuffer();
  buffer.startAt(0);
  assert.equal(buffer.socketGap, false);
  buffer.accept({ seq: 3, prev: 1 }, { fromStore: true });
  assert.equal(buffer.socketGap, false, 'the store has no more to give');
  buffer.accept(frame(2));
  assert.equal(buffer.socketGap, true, 'frame 1 was lost on the way to the socket');
  assert.deepEqual(seqs(buffer.accept(frame(1))), [1, 2, 3]);
  assert.equal(buffer.socketGap, false, 'filled');
});
