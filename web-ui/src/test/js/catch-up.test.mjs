import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client } from './client-paths.mjs';

const { RING_MS, caughtUpOffer, deviceCursor, startingPoint } = await import(client('js/logic/catch-up.js'));

test('a page starts after the cursor this device kept, else at the server position', () => {
  assert.equal(startingPoint(12, 20), 12);
  assert.equal(startingPoint(20, 20), 20);
  assert.equal(startingPoint(null, 20), 20); // first visit on this device
  assert.equal(startingPoint(25, 20), 20); // the server counts lower: its counters were reset
  assert.equal(startingPoint(-1, 20), 20);
  assert.equal(startingPoint(3.5, 20), 20);
});

test('a caught-up offer rings while its call can be answered, else it is a missed call', () => {
  const now = 1_000_000;
  assert.equal(caughtUpOffer({ at: now - 5_000 }, false, now), 'ring');
  assert.equal(caughtUpOffer({ at: now - 5_000 }, true, now), 'missed'); // the caller hung up meanwhile
  assert.equal(caughtUpOffer({ at: now - RING_MS - 1 }, false, now), 'missed');
  assert.equal(caughtUpOffer({}, false, now), 'missed'); // no server time: never ring for it
});

test('the device cursor is kept per user and survives what storage refuses', () => {
  const kept = new Map();
  const storage = { getItem: (k) => kept.get(k) ?? null, setItem: (k, v) => kept.set(k, v) };
  const ada = deviceCursor(storage, 'ada');
  const bob = deviceCursor(storage, 'bob');
  assert.equal(ada.read(), null);
  ada.write(7);
  assert.equal(ada.read(), 7);
  assert.equal(bob.read(), null);
  kept.set('cybernet.cursor.bob', 'garbage');
  assert.equal(bob.read(), null);
  const full = deviceCursor(
    {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    },
    'ada',
  );
  assert.doesNotThrow(() => full.write(3));
  assert.equal(deviceCursor(undefined, 'ada').read(), null);
});
