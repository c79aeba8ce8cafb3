import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client } from './client-paths.mjs';

const { safetyNumber, verificationState } = await import(client('js/logic/safety-number.js'));

const ada = { userId: '1b6c…ada', signingKeys: ['MFkwEwYHKoZIzj0CAQ-ada-phone', 'MFkwEwYHKoZIzj0CAQ-ada-laptop'] };
const bob = { userId: '9f00…bob', signingKeys: ['MFkwEwYHKoZIzj0CAQ-bob'] };

test('both sides see the same sixty digits, in twelve groups of five', async () => {
  const seenByAda = await safetyNumber(ada, bob);
  const seenByBob = await safetyNumber(bob, ada);
  assert.equal(seenByAda, seenByBob);
  assert.match(seenByAda, /^(\d{5} ){11}\d{5}$/);
});

test('it is stable: the order the directory lists devices in changes nothing', async () => {
  const reordered = { ...ada, signingKeys: [...ada.signingKeys].reverse() };
  assert.equal(await safetyNumber(reordered, bob), await safetyNumber(ada, bob));
});

test('a new or replaced device key changes it, on the side of its user', async () => {
  const before = await safetyNumber(ada, bob);
  const newDevice = await safetyNumber(
    { ...ada, signingKeys: [...ada.signingKeys, 'MFkwEwYHKoZIzj0CAQ-ada-tablet'] },
    bob,
  );
  const replaced = await safetyNumber(ada, { ...bob, signingKeys: ['MFkwEwYHKoZIzj0CAQ-mallory'] });
  assert.notEqual(newDevice, before);
  assert.notEqual(replaced, before);
  // Bob's half (his user id sorts after Ada's) stays when only Ada's keys change.
  assert.equal(newDevice.slice(36), before.slice(36));
});

test('what this device knows of a contact: verified, changed since, new keys, or nothing yet', () => {
  assert.equal(verificationState('111', '111', '111'), 'verified');
  assert.equal(verificationState('222', '111', '111'), 'changed');
  assert.equal(verificationState('222', null, '111'), 'new-keys');
  assert.equal(verificationState('111', null, '111'), 'unverified');
  assert.equal(verificationState('111', null, null), 'unverified');
  assert.equal(verificationState(null, '111', '111'), 'unavailable');
});
