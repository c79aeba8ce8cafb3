import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client } from './client-paths.mjs';

const { CALL_STATES, formatDuration, initials, nextCallState } = await import(client('js/logic/call-ui.js'));

const run = (events, from = 'idle') => events.reduce((state, event) => nextCallState(state, event), from);

test('an outgoing call: starting, calling, ringing, connecting, connected, ended', () => {
  assert.equal(run(['dial']), 'starting');
  assert.equal(run(['dial', 'dialled']), 'calling');
  assert.equal(run(['dial', 'dialled', 'ringing']), 'ringing');
  assert.equal(run(['dial', 'dialled', 'ringing', 'accepted']), 'connecting');
  assert.equal(run(['dial', 'dialled', 'ringing', 'accepted', 'connected']), 'connected');
  assert.equal(run(['dial', 'dialled', 'ringing', 'accepted', 'connected', 'end']), 'idle');
});

test('an answered call goes from starting straight to connecting', () => {
  assert.equal(run(['pick-up', 'answered']), 'connecting');
  assert.equal(run(['pick-up', 'answered', 'connected']), 'connected');
});

test('a connection that drops reconnects and comes back', () => {
  assert.equal(run(['restarting'], 'connected'), 'reconnecting');
  assert.equal(run(['restarting', 'connected'], 'connected'), 'connected');
  assert.equal(run(['peer-away'], 'connected'), 'reconnecting');
});

test('late or repeated events change nothing', () => {
  assert.equal(run(['ringing'], 'connected'), 'connected', 'a late ringing does not take a call back');
  assert.equal(run(['accepted'], 'connected'), 'connected');
  assert.equal(run(['connected'], 'idle'), 'idle', 'media of an ended call does not reopen it');
  assert.equal(run(['ringing', 'ringing'], 'calling'), 'ringing');
  assert.equal(run(['unknown-event'], 'calling'), 'calling');
});

test('every state can end, and every state the machine reaches is a known one', () => {
  for (const state of CALL_STATES.filter((s) => s !== 'idle')) assert.equal(nextCallState(state, 'end'), 'idle', state);
  const events = [
    'dial',
    'pick-up',
    'dialled',
    'answered',
    'ringing',
    'accepted',
    'connected',
    'restarting',
    'peer-away',
    'end',
  ];
  for (const state of CALL_STATES)
    for (const event of events) assert.ok(CALL_STATES.includes(nextCallState(state, event)));
});

test('call durations read like a clock', () => {
  assert.equal(formatDuration(0), '0:00');
  assert.equal(formatDuration(7_900), '0:07');
  assert.equal(formatDuration(754_000), '12:34');
  assert.equal(formatDuration(3_723_000), '1:02:03');
  assert.equal(formatDuration(-5), '0:00');
});

test('avatars show initials', () => {
  assert.equal(initials('Ada Lovelace'), 'AL');
  assert.equal(initials('bob'), 'B');
  assert.equal(initials('Jean  Jacques Rousseau'), 'JR');
  assert.equal(initials(''), '?');
  assert.equal(initials('élodie dupont'), 'ÉD');
});

test('a page that comes back rejoins its call, and the other side reconnects to it', () => {
  assert.equal(run(['rejoin']), 'reconnecting');
  assert.equal(run(['rejoin', 'connected']), 'connected');
  assert.equal(run(['rejoined'], 'connected'), 'reconnecting');
  assert.equal(run(['peer-away', 'rejoined', 'connected'], 'connected'), 'connected');
  assert.equal(run(['rejoin'], 'connected'), 'connected', 'only an idle page rejoins');
});

test('a new peer connection is told from a renegotiation by its DTLS fingerprint', async () => {
  const { fingerprintOf } = await import(client('js/logic/call-ui.js'));
  const sdp = (fingerprint) =>
    `v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\na=fingerprint:sha-256 ${fingerprint}\r\na=setup:actpass\r\n`;
  assert.equal(fingerprintOf(sdp('AB:CD')), 'sha-256 AB:CD');
  assert.notEqual(fingerprintOf(sdp('AB:CD')), fingerprintOf(sdp('EF:01')));
  assert.equal(fingerprintOf('v=0\r\n'), null);
  assert.equal(fingerprintOf(undefined), null);
});

test('a remembered call may be rejoined only soon after, and only if it is well-formed', async () => {
  const { rejoinable } = await import(client('js/logic/call-ui.js'));
  const saved = { callId: 'c1', peerId: 'p1', media: 'video', savedAt: 1_000 };
  assert.equal(rejoinable(saved, 31_000, 60_000), saved);
  assert.equal(rejoinable(saved, 61_001, 60_000), null, 'too late: the other side has given up');
  assert.equal(rejoinable(saved, 500, 60_000), null, 'a clock gone backwards');
  assert.equal(rejoinable({ ...saved, media: 'data' }, 2_000, 60_000), null);
  assert.equal(rejoinable({ ...saved, callId: 7 }, 2_000, 60_000), null);
  assert.equal(rejoinable(null, 2_000, 60_000), null);
});
