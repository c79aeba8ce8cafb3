import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client } from './client-paths.mjs';

// The browser's window and two lists, as event targets: what redrawWhenReleased listens to.
const window = new EventTarget();
globalThis.window = window;
const { redrawWhenReleased } = await import(client('js/ui/dom.js'));

function lists() {
  return [Object.assign(new EventTarget(), { dataset: {} }), Object.assign(new EventTarget(), { dataset: {} })];
}

const tick = () => new Promise((resolve) => setTimeout(resolve));

test('with no pointer pressed a list draws at once', () => {
  let draws = 0;
  const redraw = redrawWhenReleased(lists(), () => draws++);
  redraw();
  redraw();
  assert.equal(draws, 2);
});

test('a press on either list holds its redraws until the release, which draws once, after the click', async () => {
  const [contacts, requests] = lists();
  let draws = 0;
  const redraw = redrawWhenReleased([contacts, requests], () => draws++);
  requests.dispatchEvent(new Event('pointerdown'));
  redraw();
  redraw();
  assert.equal(draws, 0, 'nothing is drawn while the pointer is down');
  assert.ok('updateHeld' in contacts.dataset && 'updateHeld' in requests.dataset, 'the lists show the held redraw');
  window.dispatchEvent(new Event('pointerup'));
  assert.equal(draws, 0, 'the held redraw waits for the click the release makes');
  assert.ok(!('updateHeld' in contacts.dataset) && !('updateHeld' in requests.dataset));
  redraw(); // the click's own redraw (a row selected) is not held
  assert.equal(draws, 1);
  await tick();
  assert.equal(draws, 2, 'then the held redraw runs, once');
});

test('a press with nothing to redraw draws nothing when released; a cancelled press or a lost focus releases too', async () => {
  const [contacts] = lists();
  let draws = 0;
  const redraw = redrawWhenReleased([contacts], () => draws++);
  contacts.dispatchEvent(new Event('pointerdown'));
  window.dispatchEvent(new Event('pointerup'));
  await tick();
  assert.equal(draws, 0);
  for (const release of ['pointercancel', 'blur']) {
    contacts.dispatchEvent(new Event('pointerdown'));
    redraw();
    window.dispatchEvent(new Event(release));
    await tick();
  }
  assert.equal(draws, 2);
  redraw();
  assert.equal(draws, 3, 'and draws at once again');
});

test('a release elsewhere on the page, with no press on the lists, draws nothing', async () => {
  let draws = 0;
  redrawWhenReleased(lists(), () => draws++);
  window.dispatchEvent(new Event('pointerup'));
  await tick();
  assert.equal(draws, 0);
});
