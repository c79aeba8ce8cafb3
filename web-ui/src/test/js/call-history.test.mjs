import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client } from './client-paths.mjs';

const { KEPT_CALLS, callRecord, missedSince, outcomeKey, parseHistory, withRecord } = await import(
  client('js/logic/call-history.js')
);

const base = { callId: 'c1', peerId: 'p1', media: 'video', startedAt: 1_000 };

test('a call that connected lasts from connecting to its end; one that did not lasts nothing', () => {
  const answered = callRecord({ ...base, outgoing: true, connectedAt: 3_000, endedAt: 65_000 });
  assert.equal(answered.outcome, 'answered');
  assert.equal(answered.direction, 'outgoing');
  assert.equal(answered.durationMs, 62_000);
  const unanswered = callRecord({ ...base, outgoing: true, endedAt: 20_000 });
  assert.equal(unanswered.outcome, 'not-answered');
  assert.equal(unanswered.durationMs, 0);
  const missed = callRecord({ ...base, outgoing: false, endedAt: 20_000 });
  assert.equal(missed.outcome, 'missed');
  assert.equal(missed.direction, 'incoming');
  assert.equal(callRecord({ ...base, outgoing: false, outcome: 'declined' }).outcome, 'declined');
  assert.equal(callRecord({ ...base, outgoing: false, outcome: 'nonsense' }).outcome, 'missed');
  assert.equal(callRecord({ ...base, media: 'data' }).media, 'video');
});

test('the list is newest first, a call once, and bounded', () => {
  let list = [];
  list = withRecord(list, callRecord({ ...base, callId: 'a', startedAt: 1 }));
  list = withRecord(list, callRecord({ ...base, callId: 'b', startedAt: 2 }));
  assert.deepEqual(
    list.map((entry) => entry.callId),
    ['b', 'a'],
  );
  // Ended again after a rejoin: replaced, not listed twice.
  list = withRecord(list, callRecord({ ...base, callId: 'a', startedAt: 1, connectedAt: 1, endedAt: 9 }));
  assert.equal(list.length, 2);
  assert.equal(list.find((entry) => entry.callId === 'a').durationMs, 8);
  for (let i = 0; i < KEPT_CALLS + 10; i++)
    list = withRecord(list, callRecord({ ...base, callId: `n${i}`, startedAt: 10 + i }));
  assert.equal(list.length, KEPT_CALLS);
  assert.equal(list[0].callId, `n${KEPT_CALLS + 9}`);
});

test('the badge counts the calls missed since the history was last opened', () => {
  const list = [
    callRecord({ ...base, callId: 'm2', startedAt: 300, outgoing: false }),
    callRecord({ ...base, callId: 'in', startedAt: 250, outgoing: false, connectedAt: 250, endedAt: 260 }),
    callRecord({ ...base, callId: 'm1', startedAt: 200, outgoing: false }),
    callRecord({ ...base, callId: 'out', startedAt: 150, outgoing: true }),
  ];
  assert.equal(missedSince(list, 0), 2);
  assert.equal(missedSince(list, 200), 1);
  assert.equal(missedSince(list, 300), 0);
  assert.equal(missedSince([], null), 0);
});

test('each outcome has its words', () => {
  assert.equal(outcomeKey(callRecord({ ...base, outgoing: true, connectedAt: 1 })), 'history.outgoing');
  assert.equal(outcomeKey(callRecord({ ...base, outgoing: false, connectedAt: 1 })), 'history.incoming');
  assert.equal(outcomeKey(callRecord({ ...base, outgoing: false })), 'history.missed');
  assert.equal(
    outcomeKey(callRecord({ ...base, outgoing: false, outcome: 'answered-elsewhere' })),
    'history.answered-elsewhere',
  );
});

test('stored history is read back leniently: bad storage gives an empty or filtered list', () => {
  assert.deepEqual(parseHistory(null), []);
  assert.deepEqual(parseHistory('not json'), []);
  assert.deepEqual(parseHistory('{"a":1}'), []);
  const good = callRecord({ ...base, outgoing: true });
  assert.deepEqual(parseHistory(JSON.stringify([good, { callId: 3 }, null, { ...good, outcome: 'x' }])), [good]);
});
