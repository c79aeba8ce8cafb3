// The client as people use it, in real Chromium against a real stack that offers no TURN relay and
// accepts a developer machine's local names (BrowserClientIT): the addresses people open it at,
// form errors, the contact list (pushed changes, remove with undo, block with confirmation), the
// call screen, relay only without a relay, the blocked ringtone, accessibility (axe-core) in the
// dark and light themes, and screenshots of every screen at desktop and phone size.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import { appendFileSync, createReadStream, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { bareDataChannelTransfer } from './bare-datachannel.mjs';
import {
  ARTIFACTS,
  BASE_URL, CHROMIUM_FLAGS, PASSWORD, becomeContacts, callState, contactEntry, mediaFlows, openApp,
  openConversation, screenshot, signIn, signUp, transport, uniqueName,
} from './support.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PORT = new URL(BASE_URL).port;
// Names this machine is reached by in the tests: a LAN-style name (accepted in development) and a
// public-looking one (not configured, so refused). Chromium resolves both to loopback.
const RESOLVER = '--host-resolver-rules=MAP mybox 127.0.0.1, MAP call.public.test 127.0.0.1';
const PHONE = { width: 390, height: 844 };
// The most a renderer process (page and workers) may grow by while a 500 MiB file passes through
// it: well under the file, which a page holding it grows by (+510 MiB measured). What it does grow
// by is garbage not yet collected, so it rises with the rate: +90 to +165 MiB at 3-4 MB/s, +246 MiB
// at 19.7 MB/s (the fresh-clone run on the AMD EPYC machine, 2026-12-02).
const MEMORY_BOUND_MIB = 320;

let browser;
let ada; // { context, page, username, displayName }
let bob;

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_FLAGS, RESOLVER],
  });
});

after(async () => {
  await browser?.close();
});

async function user(prefix, displayName, options) {
  const opened = await openApp(browser, options);
  const username = uniqueName(prefix);
  await signUp(opened.page, username, displayName);
  return { ...opened, username, displayName };
}

/** axe-core in the page (evaluated, so the page's CSP does not apply to it): serious or critical only. */
async function accessibilityProblems(page) {
  await page.evaluate(AXE);
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations
    .filter((violation) => ['serious', 'critical'].includes(violation.impact))
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => `${node.target.join(' ')} ${node.any[0]?.message || ''}`).join(', ')}`);
}

async function checkAccessibility(page, screen) {
  for (const colorScheme of ['dark', 'light']) {
    await page.emulateMedia({ colorScheme });
    assert.deepEqual(await accessibilityProblems(page), [], `${screen} in the ${colorScheme} theme`);
  }
  await page.emulateMedia({ colorScheme: 'dark' });
}

/** Screenshots of the page as it is now, in both themes, at desktop and phone size. */
async function screens(page, name) {
  const size = page.viewportSize();
  for (const [label, viewport] of [['desktop', size], ['phone', PHONE]]) {
    await page.setViewportSize(viewport);
    for (const colorScheme of ['dark', 'light']) {
      await page.emulateMedia({ colorScheme });
      await screenshot(page, `client-${name}-${label}-${colorScheme}`);
    }
  }
  await page.setViewportSize(size);
  await page.emulateMedia({ colorScheme: 'dark' });
}

test('the app opened at 127.0.0.1 or a LAN name signs up and keeps the session across a reload', async () => {
  for (const origin of [`http://127.0.0.1:${PORT}`, `http://mybox:${PORT}`]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(origin);
    const username = uniqueName('lan');
    await signUp(page, username, 'On the LAN');
    await page.reload();
    await page.locator('#app-view').waitFor({ state: 'visible' });
    await transport(page, 'websocket');
    assert.equal(await page.textContent('#me'), 'On the LAN', `${origin}: still signed in after a reload`);
    await context.close();
  }
});

test('an address the installation does not serve says where to open it, before any account exists', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`http://call.public.test:${PORT}/#sign-up`);
  const card = page.locator('#origin-card');
  await card.waitFor({ state: 'visible' });
  assert.match(await page.textContent('#origin-message'), new RegExp(`opened at ${BASE_URL}, not at http://call.public.test:${PORT}`));
  assert.equal(await page.getAttribute('#origin-link', 'href'), `${BASE_URL}/#sign-up`);
  assert.equal(await page.isVisible('#sign-up-form'), false, 'no form to create an account with');
  await page.evaluate(() => { location.hash = '#sign-in'; });
  assert.equal(await page.isVisible('#sign-in-form'), false, 'navigating does not bring the forms back');
  assert.deepEqual(await accessibilityProblems(page), []);
  await screens(page, 'wrong-address');
  await context.close();
});

test('sign-up shows every problem at once, by field, and the server\'s refusals on their field', async () => {
  const { context, page } = await openApp(browser);
  await page.click('a[href="#sign-up"]');
  await page.click('#sign-up-form button[type=submit]');
  const form = page.locator('#sign-up-form');
  for (const field of ['username', 'email', 'displayName', 'password']) {
    const input = form.locator(`input[name=${field}]`);
    assert.equal(await input.getAttribute('aria-invalid'), 'true', field);
    const message = page.locator(`#sign-up-form-${field}-error`);
    assert.ok(await message.isVisible(), `${field} has its own message`);
    assert.ok((await input.getAttribute('aria-describedby')).split(' ').includes(`sign-up-form-${field}-error`), `${field} message is tied to it`);
  }
  assert.equal(await form.locator('.form-error').textContent(), 'Please correct the 4 problems marked above.');
  assert.equal(await page.evaluate(() => document.activeElement.name), 'username', 'focus moves to the first problem');
  await checkAccessibility(page, 'sign-up with errors');
  await screens(page, 'sign-up-errors');

  // Fixing one field clears its mark at the next try; the server's "taken" lands on the username.
  const taken = uniqueName('taken');
  await page.evaluate(() => { location.hash = '#sign-in'; });
  await signUp(page, taken, 'First');
  await page.click('#sign-out');
  await page.click('a[href="#sign-up"]');
  await form.locator('input[name=username]').fill(taken);
  await form.locator('input[name=email]').fill(`${uniqueName('other')}@example.test`);
  await form.locator('input[name=displayName]').fill('Second');
  await form.locator('input[name=password]').fill(PASSWORD);
  await form.locator('button[type=submit]').click();
  await page.locator('#sign-up-form-username-error', { hasText: 'taken' }).waitFor();
  assert.equal(await form.locator('input[name=email]').getAttribute('aria-invalid'), null);
  await context.close();
});

test('contacts: changes arrive pushed, names are shown whole, remove can be undone, block asks first', async () => {
  ada = await user('ada', 'Ada Augusta King, Countess of Lovelace');
  bob = await user('bob', 'Bob Kahn');
  await ada.page.fill('#search-input', bob.username);
  await ada.page.click('#search-form button[type=submit]');
  await ada.page.locator(`#search-results li[data-username="${bob.username}"] button`).click();
  // The request reaches Bob by push, well before the 30 s poll.
  const asked = Date.now();
  const request = bob.page.locator('#requests li[data-state="INCOMING"]');
  await request.waitFor({ timeout: 5_000 });
  const pushSeconds = (Date.now() - asked) / 1000;
  assert.match(await request.textContent(), /Ada Augusta King, Countess of Lovelace/, 'the whole name beside the buttons');
  await screens(bob.page, 'contact-request');
  await request.locator('button.primary').click();
  await contactEntry(ada.page, bob.username).and(ada.page.locator('[data-online="true"]')).waitFor({ timeout: 5_000 });
  console.log(`contact request shown to the other side after ${pushSeconds.toFixed(2)} s`);

  // Remove, then undo: nothing reaches the server, Bob keeps Ada.
  const entry = contactEntry(bob.page, ada.username);
  await entry.locator('summary').click();
  await entry.locator('button[data-action="remove"]').click();
  await contactEntry(bob.page, ada.username).waitFor({ state: 'detached' });
  await bob.page.locator('#notice button[data-action="notice-action"]', { hasText: 'Undo' }).click();
  await contactEntry(bob.page, ada.username).waitFor();
  await ada.page.waitForTimeout(9_000); // past the undo window
  assert.ok(await contactEntry(ada.page, bob.username).isVisible(), 'an undone removal never happened');

  // Block asks first; cancelling changes nothing.
  await entry.locator('summary').click();
  await entry.locator('button[data-action="block"]').click();
  await bob.page.locator('#confirm[open]').waitFor();
  await checkAccessibility(bob.page, 'block confirmation');
  await bob.page.click('#confirm-cancel');
  assert.ok(await contactEntry(bob.page, ada.username).isVisible());
  await checkAccessibility(bob.page, 'contacts');
  await screens(ada.page, 'contacts');
});

test('several files dropped onto the conversation are offered at once and arrive verified', async () => {
  await openConversation(ada.page, bob.username);
  await openConversation(bob.page, ada.username);
  const files = [
    { name: 'notes.txt', text: 'peer to peer, no server in between\n' },
    { name: 'data.csv', text: 'a,b\n1,2\n' },
  ];
  const dataTransfer = await ada.page.evaluateHandle((files) => {
    const transfer = new DataTransfer();
    for (const { name, text } of files) transfer.items.add(new File([text], name, { type: 'text/plain' }));
    return transfer;
  }, files);
  await ada.page.dispatchEvent('#conversation-body', 'dragover', { dataTransfer });
  assert.ok(await ada.page.locator('#conversation-body.dropping').count(), 'the drop target shows itself');
  await ada.page.dispatchEvent('#conversation-body', 'drop', { dataTransfer });
  const offered = bob.page.locator('#transfers li[data-direction="in"][data-state="offered"]');
  await offered.nth(1).waitFor({ timeout: 15_000 });
  assert.equal(await offered.count(), 2);
  for (let i = 0; i < 2; i++) await offered.first().locator('button.primary').click();
  for (const { name, text } of files) {
    const row = bob.page.locator('#transfers li[data-state="verified"]', { hasText: name });
    await row.waitFor({ timeout: 15_000 });
    assert.equal(await row.getAttribute('data-sha256'), createHash('sha256').update(text).digest('hex'));
  }
  await ada.page.locator('#transfers li[data-direction="out"][data-state="verified"]').nth(1).waitFor({ timeout: 15_000 });
});

/**
 * Cuts every UDP packet between this machine's own addresses, IPv4 and IPv6 (DNS excepted), while `on`: the two
 * browsers' peer-to-peer path dies as a dropped Wi-Fi would kill it, while signaling (TCP) stays.
 */
function peerToPeerCut(on) {
  const rule = ['OUTPUT', '-p', 'udp', '-m', 'addrtype', '--src-type', 'LOCAL', '--dst-type', 'LOCAL',
    '-m', 'multiport', '!', '--ports', '53', '-m', 'comment', '--comment', 'cybernet-e2e-cut', '-j', 'DROP'];
  for (const command of ['iptables', 'ip6tables']) {
    if (on) execFileSync(command, ['-I', ...rule]);
    else while (spawnOk(command, ['-D', ...rule]));
  }
}

function spawnOk(command, args) {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Sends `path` from `sender` to `receiver`, cuts their path a quarter of the way in, restores it; the resumed row. */
async function cutAndResume(sender, receiver, path, bytes) {
  await sender.page.setInputFiles('#file-input', path);
  const offered = receiver.page.locator('#transfers li[data-direction="in"][data-state="offered"]');
  await offered.waitFor({ timeout: 15_000 });
  const id = await offered.getAttribute('data-id');
  await offered.locator('button.primary').click();
  const received = receiver.page.locator(`#transfers li[data-id="${id}"]`);
  const sent = sender.page.locator(`#transfers li[data-id="${id}"]`);
  await receiver.page.waitForFunction(
    ({ id, bytes }) => document.querySelector(`#transfers li[data-id="${id}"] progress`)?.value > bytes / 4,
    { id, bytes }, { timeout: 60_000, polling: 50 });
  const cutAt = Date.now();
  try {
    peerToPeerCut(true);
    for (const page of [receiver.page, sender.page]) {
      await page.locator(`#transfers li[data-id="${id}"][data-state="paused"]`).waitFor({ timeout: 120_000 });
    }
    assert.match(await received.locator('.detail').textContent(), /Connection lost at .* resumes from there/);
  } finally {
    peerToPeerCut(false);
  }
  const pausedAfterSeconds = (Date.now() - cutAt) / 1000;
  await receiver.page.locator(`#transfers li[data-id="${id}"][data-state="verified"]`).waitFor({ timeout: 120_000 });
  await sender.page.locator(`#transfers li[data-id="${id}"][data-state="verified"]`).waitFor({ timeout: 15_000 });
  const resumedFrom = Number(await received.getAttribute('data-resumed-from'));
  assert.ok(resumedFrom > bytes / 4 && resumedFrom < bytes, `resumed from ${resumedFrom}, not from the start`);
  assert.equal(Number(await sent.getAttribute('data-resumed-from')), resumedFrom, 'the sender went on where the receiver was');
  const candidates = await receiver.page.locator('#st-candidates').textContent();
  return {
    received, resumedFrom, pausedAfterSeconds, candidates,
    seconds: Number(await received.getAttribute('data-seconds')),
    receiveSeconds: Number(await received.getAttribute('data-receive-seconds')),
  };
}

// One round in the suite; `E2E_RESUME_ROUNDS=5` for the benchmark in docs/benchmarks.md, and
// `E2E_RESUME_BROWSERS=2` to put sender and receiver in browser processes of their own, as two
// people's machines would be (one browser carries both peers' packets on one IO thread).
const RESUME_ROUNDS = Number(process.env.E2E_RESUME_ROUNDS || 1);
const RESUME_BROWSERS = Number(process.env.E2E_RESUME_BROWSERS || 1);

test('a transfer cut off mid-way resumes from where it stopped and arrives verified', { timeout: 240_000 * RESUME_ROUNDS }, async () => {
  const bytes = 96 * 1024 * 1024;
  const path = join(ARTIFACTS, 'resumed.bin');
  const content = randomFillSync(Buffer.alloc(bytes));
  writeFileSync(path, content);
  const expected = createHash('sha256').update(content).digest('hex');
  // The resumed part's rate against a bare DataChannel moving what is typically left (three
  // quarters), in the same run, timed before and after each resumed leg (their mean: the order matters).
  const bareBytes = (bytes * 3) / 4;
  const rounds = [];
  let [from, to] = [ada, bob];
  if (RESUME_BROWSERS === 2) {
    [from, to] = [await userWithProfile('eve', 'Eve Sender'), await userWithProfile('fay', 'Fay Receiver')];
    await becomeContacts(from.page, to.page, to.username);
    await contactEntry(from.page, to.username).and(from.page.locator('[data-online="true"]')).waitFor({ timeout: 10_000 });
    await openConversation(from.page, to.username);
    await openConversation(to.page, from.username);
  }
  for (let round = 0; round < RESUME_ROUNDS; round++) {
    const bare = () => bareDataChannelTransfer(from.page, to.page, bareBytes);
    const bareBefore = await bare();
    const resumed = await cutAndResume(from, to, path, bytes);
    assert.equal(await resumed.received.getAttribute('data-sha256'), expected, 'the resumed file is the sent file');
    const bareAfter = await bare();
    const bareSeconds = (bareBefore + bareAfter) / 2;
    const MBps = (bytes - resumed.resumedFrom) / 1e6 / resumed.seconds;
    const bareMBps = bareBytes / 1e6 / bareSeconds;
    // The bare channel is timed from its first to its last byte; so is `networkRatio`, while
    // `ratio` also counts the receiver's work after the last byte, up to the verified file.
    const networkMBps = (bytes - resumed.resumedFrom) / 1e6 / resumed.receiveSeconds;
    rounds.push({ ...resumed, received: undefined, bareBeforeMBps: bareBytes / 1e6 / bareBefore, bareAfterMBps: bareBytes / 1e6 / bareAfter, MBps, networkMBps, bareMBps, ratio: MBps / bareMBps, networkRatio: networkMBps / bareMBps });
  }
  if (RESUME_BROWSERS === 2) {
    for (const side of [from, to]) {
      await side.context.close();
      rmSync(side.profile, { recursive: true, force: true });
    }
  }
  const resume = {
    bytes,
    browsers: RESUME_BROWSERS,
    rounds: rounds.length,
    medianRatio: median(rounds.map((r) => r.ratio)),
    medianNetworkRatio: median(rounds.map((r) => r.networkRatio)),
    runs: rounds,
  };
  console.log('resume', JSON.stringify(resume));
  writeFileSync(join(ARTIFACTS, 'resume.json'), JSON.stringify(resume, null, 2));
});

/** Resident memory (MiB) of each of the browser's renderer processes, the pages' and their workers'. */
function rendererMemory() {
  const sizes = {};
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (rss) sizes[pid] = Number(rss[1]) / 1024;
    } catch {
      // the process ended while being read
    }
  }
  return sizes;
}

/**
 * A user in a browser of their own with a profile on disk, as people run one. (A test context is
 * off the record: Chromium keeps its private file system in memory, which would measure nothing.)
 */
async function userWithProfile(prefix, displayName) {
  const profile = mkdtempSync(join(tmpdir(), 'cybernet-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 860 },
  });
  const page = context.pages()[0] || (await context.newPage());
  await page.goto(BASE_URL);
  const username = uniqueName(prefix);
  await signUp(page, username, displayName);
  return { context, page, username, profile };
}

test('a 500 MiB file goes to disk as it arrives, with page memory bounded, and arrives verified', { timeout: 420_000 }, async () => {
  const bytes = 500 * 1024 * 1024;
  const path = join(ARTIFACTS, 'five-hundred-mib.bin');
  const hash = createHash('sha256');
  const content = Buffer.alloc(64 * 1024 * 1024);
  writeFileSync(path, '');
  for (let written = 0; written < bytes; written += content.length) {
    randomFillSync(content);
    hash.update(content);
    appendFileSync(path, content);
  }
  const expected = hash.digest('hex');
  const sender = await userWithProfile('cyd', 'Cyd Sender');
  const receiver = await userWithProfile('dee', 'Dee Receiver');
  const peaks = {};
  let sampler;
  try {
    await becomeContacts(sender.page, receiver.page, receiver.username);
    await contactEntry(sender.page, receiver.username).and(sender.page.locator('[data-online="true"]')).waitFor({ timeout: 10_000 });
    await openConversation(sender.page, receiver.username);
    await openConversation(receiver.page, sender.username);
    const before = rendererMemory();
    sampler = setInterval(() => {
      for (const [pid, rss] of Object.entries(rendererMemory())) peaks[pid] = Math.max(peaks[pid] || 0, rss);
    }, 250);
    await sender.page.setInputFiles('#file-input', path);
    const offered = receiver.page.locator('#transfers li[data-direction="in"][data-state="offered"]');
    await offered.waitFor({ timeout: 15_000 });
    const id = await offered.getAttribute('data-id');
    await offered.locator('button.primary').click();
    const row = receiver.page.locator(`#transfers li[data-id="${id}"]`);
    // Received into the private file system as it arrives, not into memory.
    await receiver.page.locator(`#transfers li[data-id="${id}"][data-storage="disk"]`).waitFor({ state: 'attached', timeout: 10_000 });
    await receiver.page.locator(`#transfers li[data-id="${id}"][data-state="verified"]`).waitFor({ timeout: 300_000 });
    clearInterval(sampler);
    assert.equal(await row.getAttribute('data-sha256'), expected);
    const seconds = Number(await row.getAttribute('data-seconds'));
    const growth = Math.max(...Object.entries(peaks).map(([pid, peak]) => peak - (before[pid] || 0)));
    const memory = {
      bytes,
      seconds,
      MBps: bytes / 1e6 / seconds,
      largestRendererGrowthMiB: Math.round(growth),
      renderers: Object.entries(peaks).map(([pid, peak]) => ({ beforeMiB: Math.round(before[pid] || 0), peakMiB: Math.round(peak) })),
    };
    console.log('large-file', JSON.stringify(memory));
    writeFileSync(join(ARTIFACTS, 'large-file.json'), JSON.stringify(memory, null, 2));
    // Neither page ever held the file: no renderer grew by more than a fraction of its 500 MiB.
    assert.ok(growth < MEMORY_BOUND_MIB, `a renderer grew by ${Math.round(growth)} MiB`);
    // Save, as a person would: the download is the whole file, read back from disk.
    const [download] = await Promise.all([receiver.page.waitForEvent('download'), row.locator('a[download]').click()]);
    const saved = createHash('sha256');
    for await (const part of createReadStream(await download.path())) saved.update(part);
    assert.equal(saved.digest('hex'), expected, 'the saved file is the sent file');
  } finally {
    clearInterval(sampler);
    for (const { context, profile } of [sender, receiver]) {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
    rmSync(path, { force: true });
  }
});

test('a call shows who, for how long, and their mute and camera state; the ringtone prompt appears when sound is blocked', async () => {
  // A browser that has not been clicked on this site since it started blocks the ringtone: the
  // incoming call says so. Bob's browser is restarted and signed in without a click (the session
  // cookie set by /session/login), as after a restart with the session kept.
  await bob.context.close();
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  const login = await context.request.post(`${BASE_URL}/session/login`, {
    headers: { Origin: BASE_URL },
    data: { username: bob.username, password: PASSWORD },
  });
  assert.equal(login.status(), 200);
  bob = { ...bob, context, page: await context.newPage() };
  // Until the prompt has been decided, Bob's page is watched only from outside (network, Ada's
  // page): Playwright's own evaluations in a page count as user activation and would unblock sound.
  const welcomed = bob.page.waitForEvent('websocket').then((socket) => socket.waitForEvent('framereceived', {
    predicate: ({ payload }) => String(payload).includes('"welcome"'),
  }));
  await bob.page.goto(BASE_URL);
  await welcomed;
  await contactEntry(ada.page, bob.username).and(ada.page.locator('[data-online="true"]')).waitFor({ timeout: 15_000 });
  await openConversation(ada.page, bob.username);
  await ada.page.click('#video-call');
  await callState(ada.page, 'ringing'); // Bob's page shows the call and rings
  await ada.page.waitForTimeout(1_000);
  assert.equal(await bob.page.isVisible('#incoming'), true);
  assert.equal(await bob.page.isVisible('#sound-blocked'), true, 'the blocked ringtone is announced');
  await checkAccessibility(bob.page, 'incoming call');
  await screens(bob.page, 'incoming-call');
  await bob.page.click('#sound-on');
  assert.equal(await bob.page.isVisible('#sound-blocked'), false);
  await bob.page.click('#accept-call');
  await callState(ada.page, 'connected');
  await callState(bob.page, 'connected');
  await mediaFlows(ada.page);
  assert.equal(await ada.page.textContent('#peer-label'), 'Bob Kahn');
  await ada.page.waitForFunction(() => /^0:0[1-9]$/.test(document.querySelector('#call-timer').textContent), null, { timeout: 5_000 });

  await bob.page.click('#mute');
  await ada.page.locator('#peer-muted', { hasText: 'Bob Kahn is muted' }).waitFor();
  await bob.page.click('#camera');
  await ada.page.locator('#peer-camera-off').waitFor({ state: 'visible' });
  await ada.page.locator('#peer-avatar').waitFor({ state: 'visible' });
  assert.equal(await ada.page.textContent('#peer-avatar-initials'), 'BK');
  await bob.page.click('#mute');
  await ada.page.locator('#peer-muted').waitFor({ state: 'hidden' });
  await checkAccessibility(ada.page, 'in call');
  await screens(ada.page, 'in-call');

  // The conversation stays usable beside the call at 1280×800: the message box is on screen.
  await ada.page.setViewportSize({ width: 1280, height: 800 });
  const box = await ada.page.locator('#chat-input').boundingBox();
  assert.ok(box && box.y + box.height <= 800, `message box at ${JSON.stringify(box)} is visible`);
  const video = await ada.page.locator('#remote-video').boundingBox();
  assert.ok(video.width >= 850 && video.height >= 450, `the video area is ${video.width}×${video.height}`);
  await ada.page.click('#hangup');
  await callState(ada.page, 'idle');
  await callState(bob.page, 'idle');
});

test('a person who reloads mid-call is back in the same call by itself, and the other side said reconnecting', async () => {
  await openConversation(ada.page, bob.username);
  await ada.page.click('#video-call');
  await bob.page.locator('#incoming').waitFor({ state: 'visible' });
  await bob.page.click('#accept-call');
  await callState(ada.page, 'connected');
  await callState(bob.page, 'connected');
  await mediaFlows(bob.page);
  const reloaded = Date.now();
  await bob.page.reload();
  await callState(ada.page, 'reconnecting', 15_000);
  await callState(bob.page, 'connected', 30_000);
  await callState(ada.page, 'connected', 30_000);
  console.log(`back in the call ${((Date.now() - reloaded) / 1000).toFixed(1)} s after the reload`);
  await mediaFlows(ada.page);
  await mediaFlows(bob.page);
  assert.equal(await bob.page.isVisible('#incoming'), false, 'no "is calling you" on the page that came back');
  assert.equal(await bob.page.textContent('#peer-label'), ada.displayName);
  await ada.page.click('#hangup');
  await callState(ada.page, 'idle');
  await callState(bob.page, 'idle');
});

/** Bob's browser opens the app again (his session cookie and this device's place in his signals kept). */
async function reopen(person) {
  person.page = await person.context.newPage();
  if (process.env.E2E_DEBUG) person.page.on('console', (message) => console.log(`[${person.username} ${message.type()}] ${message.text()}`));
  await person.page.goto(BASE_URL);
  await person.page.locator('#app-view').waitFor({ state: 'visible' });
}

async function awayFor(watcher, person) {
  await person.page.close();
  await contactEntry(watcher.page, person.username).and(watcher.page.locator('[data-online="false"]')).waitFor({ timeout: 15_000 });
}

test('calling someone who is away: they see the missed call when they come back, once; a call that still rings rings', async () => {
  await awayFor(ada, bob);
  await openConversation(ada.page, bob.username);
  await ada.page.click('#video-call');
  await ada.page.locator('#call-state', { hasText: 'who is away' }).waitFor();
  await ada.page.waitForTimeout(6_000); // longer than a misdial (SIGNALING_LIMITS_MISSED_CALL_AFTER, 5 s)
  await ada.page.click('#hangup');
  await callState(ada.page, 'idle');

  await reopen(bob);
  const missed = bob.page.locator('#notice', { hasText: `Missed call from ${ada.displayName} at` });
  await missed.waitFor({ timeout: 15_000 });
  assert.equal(await bob.page.isVisible('#incoming'), false, 'a call that ended does not ring');
  await screenshot(bob.page, 'client-missed-call');
  // Nothing shows twice: a reload starts after what this device has seen.
  await bob.page.reload();
  await bob.page.locator('#app-view').waitFor({ state: 'visible' });
  await transport(bob.page, 'websocket');
  await bob.page.waitForTimeout(1_500);
  assert.equal(await missed.isVisible(), false, 'the missed call is said once');

  // Bob comes back while Ada's call still rings: it rings on the page he opens, and connects.
  await awayFor(ada, bob);
  await ada.page.click('#video-call');
  await ada.page.locator('#call-state', { hasText: 'who is away' }).waitFor();
  await reopen(bob);
  await bob.page.locator('#incoming').waitFor({ state: 'visible', timeout: 15_000 });
  await bob.page.click('#accept-call');
  await callState(ada.page, 'connected', 30_000);
  await callState(bob.page, 'connected', 30_000);
  await ada.page.click('#hangup');
  await callState(ada.page, 'idle');
  await callState(bob.page, 'idle');
});

/** How many missed-call emails from `caller` the development mailbox holds for `callee`. */
async function missedCallMails(caller, callee) {
  const inbox = await (await fetch(process.env.E2E_MAILBOX_URL)).text();
  return inbox
    .split('<article>')
    .filter((mail) => mail.includes(`Missed call from ${caller.displayName}`) && mail.includes(`${callee.username}@example.test`)).length;
}

async function callWhileAway(caller, callee) {
  await awayFor(caller, callee);
  await openConversation(caller.page, callee.username);
  await caller.page.click('#video-call');
  await caller.page.locator('#call-state', { hasText: 'who is away' }).waitFor();
  await caller.page.waitForTimeout(6_000);
  await caller.page.click('#hangup');
  await callState(caller.page, 'idle');
  await reopen(callee);
}

test('email: a call to someone away reaches their inbox; Settings → Email turns it off, and on again', async () => {
  // Both calls of the test before found Bob away: he was mailed for each, at once. Both emails are
  // counted before the setting changes, so a late one cannot pass for an email sent while it is off.
  const deadline = Date.now() + 20_000;
  while ((await missedCallMails(ada, bob)) < 2 && Date.now() < deadline) await ada.page.waitForTimeout(250);
  const mailed = await missedCallMails(ada, bob);
  assert.ok(mailed >= 2, `an email for each call to Bob while he was away (${mailed} in the mailbox)`);

  await bob.page.click('#settings-button');
  await bob.page.locator('#settings[open]').waitFor();
  const missedCalls = bob.page.locator('#email-missed-call');
  await bob.page.waitForFunction(() => !document.querySelector('#email-missed-call').disabled);
  assert.equal(await missedCalls.isChecked(), true, 'on by default');
  await missedCalls.uncheck();
  await bob.page.locator('#email-state', { hasText: 'no more emails about missed calls' }).waitFor();
  await bob.page.click('#settings-close');

  await callWhileAway(ada, bob);
  await bob.page.waitForTimeout(5_000); // an email would be in the mailbox by now (about 1 s)
  assert.equal(await missedCallMails(ada, bob), mailed, 'no missed-call email once they are off');

  // The choice reads back as saved (on the page Bob opened since), and turns on again.
  await bob.page.click('#settings-button');
  await bob.page.waitForFunction(() => !document.querySelector('#email-missed-call').disabled);
  const again = bob.page.locator('#email-missed-call');
  assert.equal(await again.isChecked(), false);
  await again.check();
  await bob.page.locator('#email-state', { hasText: 'you will get emails about missed calls' }).waitFor();
  await bob.page.click('#settings-close');
});

/** Milliseconds from `action` until `locator` is hidden (fails after `within`). */
async function hiddenAfter(action, locator, within) {
  const started = Date.now();
  await action();
  await locator.waitFor({ state: 'hidden', timeout: within });
  return Date.now() - started;
}

test('two devices of one person: a call rings on both; answered on one, the other stops ringing within a second; declined on one, declined everywhere', async () => {
  const laptop = await openApp(browser);
  await signIn(laptop.page, bob.username);
  const devices = [bob.page, laptop.page];
  await openConversation(ada.page, bob.username);

  await ada.page.click('#video-call');
  for (const page of devices) await page.locator('#incoming').waitFor({ state: 'visible', timeout: 15_000 });
  const stoppedAfter = await hiddenAfter(() => bob.page.click('#accept-call'), laptop.page.locator('#incoming'), 1_000);
  console.log(`# the other device stopped ringing ${stoppedAfter} ms after the accept`);
  await laptop.page.locator('#notice', { hasText: `Call from ${ada.displayName} answered on another device.` }).waitFor();
  await callState(ada.page, 'connected', 30_000);
  await callState(bob.page, 'connected', 30_000);
  assert.equal(await laptop.page.evaluate(() => document.body.dataset.callState), 'idle', 'the laptop holds no call');
  await screenshot(laptop.page, 'client-answered-elsewhere');
  await ada.page.click('#hangup');
  await callState(bob.page, 'idle');

  await ada.page.click('#video-call');
  for (const page of devices) await page.locator('#incoming').waitFor({ state: 'visible', timeout: 15_000 });
  await hiddenAfter(() => laptop.page.click('#decline-call'), bob.page.locator('#incoming'), 1_000);
  await bob.page.locator('#notice', { hasText: `Call from ${ada.displayName} declined on another device.` }).waitFor();
  await callState(ada.page, 'idle');
  await laptop.context.close();
});

/** The call history's entries as text, newest first (the dialog is opened and closed again). */
async function callHistory(page) {
  await page.click('#calls-button');
  await page.locator('#calls').waitFor({ state: 'visible' });
  const entries = await page.locator('#call-list .call-entry').allInnerTexts();
  return entries.map((text) => text.replace(/\s+/g, ' '));
}

test('call history: incoming, outgoing and missed calls with their duration, per device, a missed-call badge, kept across a reload', async () => {
  await callHistory(bob.page); // looked at: nothing counts as new
  await bob.page.click('#calls-close');
  assert.equal(await bob.page.isVisible('#missed-badge'), false);

  // A call Bob misses: Ada rings and gives up.
  await openConversation(ada.page, bob.username);
  await ada.page.click('#video-call');
  await bob.page.locator('#incoming').waitFor({ state: 'visible', timeout: 15_000 });
  await ada.page.click('#hangup');
  await bob.page.locator('#incoming').waitFor({ state: 'hidden' });
  await bob.page.locator('#missed-badge', { hasText: '1' }).waitFor();
  assert.equal(await bob.page.getAttribute('#calls-button', 'aria-label'), 'Calls, 1 missed');

  // A call he answers, of a few seconds.
  await ada.page.click('#audio-call');
  await bob.page.locator('#incoming').waitFor({ state: 'visible', timeout: 15_000 });
  await bob.page.click('#accept-call');
  await callState(ada.page, 'connected', 30_000);
  await callState(bob.page, 'connected', 30_000);
  await ada.page.waitForTimeout(2_500);
  await ada.page.click('#hangup');
  await callState(bob.page, 'idle');

  const bobs = await callHistory(bob.page);
  assert.match(bobs[0], new RegExp(`${ada.displayName}.*Incoming audio call.* · 0:0[2-9]`));
  assert.match(bobs[1], new RegExp(`${ada.displayName}.*Missed video call`));
  assert.doesNotMatch(bobs[1], / · \d/, 'a missed call lasted nothing');
  assert.equal(await bob.page.isVisible('#missed-badge'), false, 'opening the history clears the badge');
  await screens(bob.page, 'call-history');
  await checkAccessibility(bob.page, 'call history');
  await bob.page.click('#calls-close');

  const adas = await callHistory(ada.page);
  assert.match(adas[0], new RegExp(`${bob.displayName}.*Outgoing audio call.* · 0:0[2-9]`));
  assert.match(adas[1], new RegExp(`${bob.displayName}.*Not answered`));
  await ada.page.click('#calls-close');

  // Kept on the device: the same after a reload, and nothing new to count.
  await bob.page.reload();
  await bob.page.locator('#app-view').waitFor({ state: 'visible' });
  await transport(bob.page, 'websocket');
  assert.deepEqual((await callHistory(bob.page)).slice(0, 2), bobs.slice(0, 2));
  assert.equal(await bob.page.isVisible('#missed-badge'), false);

  // Call back from the missed call: it rings on Ada's side.
  await bob.page.locator('#call-list .call-entry').nth(1).getByRole('button', { name: `Call back ${ada.displayName}` }).click();
  await ada.page.locator('#incoming').waitFor({ state: 'visible', timeout: 15_000 });
  assert.match(await ada.page.textContent('#incoming-text'), /video/);
  await ada.page.click('#decline-call');
  await callState(bob.page, 'idle');
});

/** Waits until Settings → Your devices lists this browser: its keys are in the directory. */
async function keysListed(page) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    await page.click('#settings-button');
    await page.locator('#settings[open]').waitFor();
    const listed = await page
      .locator('#key-devices li[data-this="true"]')
      .waitFor({ timeout: 2_000 })
      .then(
        () => true,
        () => false,
      );
    await page.click('#settings-close');
    if (listed) return;
    assert.ok(Date.now() < deadline, "this browser's keys reach the directory");
  }
}

test('a message to someone away waits on the server and reaches both of their devices when they are back: sent, delivered, read, once', async () => {
  // Bob's laptop has been used before (it keeps its place), then both his devices are closed.
  // Its keys must be in the directory before it closes: a message is sealed for the devices listed
  // when it is sent, and a device registered later cannot open what came before (as in Signal).
  const laptop = await openApp(browser);
  await signIn(laptop.page, bob.username);
  await keysListed(laptop.page);
  await laptop.page.close();
  await awayFor(ada, bob);

  await openConversation(ada.page, bob.username);
  await ada.page.fill('#chat-input', 'Dinner at 8? Reply when you see this.');
  await ada.page.press('#chat-input', 'Enter');
  const adasMessage = ada.page.locator('#chat-log li.mine', { hasText: 'Dinner at 8?' });
  await adasMessage.and(ada.page.locator('[data-state="sent"]')).waitFor();
  assert.equal(await ada.page.isVisible('#notice.error'), false, 'no "offline" refusal');

  await reopen(bob);
  await openConversation(bob.page, ada.username);
  await bob.page.locator('#chat-log li:not(.mine)', { hasText: 'Dinner at 8?' }).waitFor({ timeout: 15_000 });
  // Bob has the conversation open: Ada sees it delivered, then read.
  await adasMessage.and(ada.page.locator('[data-state="read"]')).waitFor({ timeout: 15_000 });
  await screenshot(ada.page, 'client-message-read');

  laptop.page = await laptop.context.newPage();
  await laptop.page.goto(BASE_URL);
  await laptop.page.locator('#app-view').waitFor({ state: 'visible' });
  await openConversation(laptop.page, ada.username);
  await laptop.page.locator('#chat-log li:not(.mine)', { hasText: 'Dinner at 8?' }).waitFor({ timeout: 15_000 });

  // Once on each device, across a reload too.
  await bob.page.reload();
  await bob.page.locator('#app-view').waitFor({ state: 'visible' });
  await openConversation(bob.page, ada.username);
  await bob.page.locator('#chat-log li', { hasText: 'Dinner at 8?' }).first().waitFor();
  await bob.page.waitForTimeout(1_500); // the catch-up and the kept history have both been applied
  for (const page of [bob.page, laptop.page]) {
    assert.equal(await page.locator('#chat-log li', { hasText: 'Dinner at 8?' }).count(), 1, 'shown once');
  }
  await laptop.context.close();
});

/** The safety number the page shows for its open conversation (the dialog is left open). */
async function shownSafetyNumber(page) {
  await page.click('#verify-contact');
  const number = page.locator('#safety-number');
  await number.filter({ hasText: /^\d{5}( \d{5}){11}$/ }).waitFor({ timeout: 15_000 });
  return number.textContent();
}

test('safety numbers: the same on both sides, marked verified where people look, and a new device of a verified contact is a warning before the next call', async () => {
  await openConversation(ada.page, bob.username);
  await openConversation(bob.page, ada.username);
  const adas = await shownSafetyNumber(ada.page);
  const bobs = await shownSafetyNumber(bob.page);
  assert.equal(adas, bobs, 'both devices derive the same number');
  assert.ok(await ada.page.evaluate(() => !document.querySelector('#safety-qr').hidden && document.querySelector('#safety-qr').width > 100), 'and a QR code of it');
  await bob.page.click('#safety-close');

  await ada.page.click('#mark-verified');
  await ada.page.locator('#safety-state', { hasText: 'You verified' }).waitFor();
  await screens(ada.page, 'safety-number');
  await checkAccessibility(ada.page, 'safety number');
  await ada.page.click('#safety-close');
  await ada.page.locator('#peer-verified', { hasText: 'Verified' }).waitFor();

  await ada.page.click('#audio-call');
  await bob.page.locator('#incoming').waitFor({ state: 'visible', timeout: 15_000 });
  await ada.page.locator('#call-verified', { hasText: 'Verified' }).waitFor();
  await ada.page.click('#hangup');
  await callState(bob.page, 'idle');

  // Bob signs in on a new device: its keys join the directory, and Ada hears of it.
  const tablet = await openApp(browser);
  await signIn(tablet.page, bob.username);
  await ada.page.locator('#peer-verified', { hasText: 'Keys changed' }).waitFor({ timeout: 15_000 });
  await ada.page.click('#audio-call');
  await ada.page.locator('#confirm-text', { hasText: 'keys changed since you verified them' }).waitFor();
  await screenshot(ada.page, 'client-keys-changed');
  await ada.page.click('#confirm-cancel');
  await ada.page.waitForTimeout(500);
  assert.equal(await bob.page.isVisible('#incoming'), false, 'no call placed after Cancel');
  assert.notEqual(await shownSafetyNumber(ada.page), adas, 'the number changed with the new device');
  await ada.page.locator('#safety-state', { hasText: 'changed since you verified' }).waitFor();
  // Compared again (the tablet is Bob's): verified anew, and calls go ahead without asking.
  await ada.page.click('#mark-verified');
  await ada.page.click('#safety-close');
  await ada.page.locator('#peer-verified', { hasText: 'Verified' }).waitFor();
  await tablet.context.close();
});

/** Both people's ids, as Ada's device keeps them beside the verification of Bob. */
async function verifiedPair(page) {
  const key = await page.evaluate(() => Object.keys(localStorage).find((name) => name.startsWith('cybernet.verified.')));
  const [, , me, peer] = key.split('.');
  return { me, peer };
}

/** `base64` with one bit of byte `index` flipped: what tampering with a ciphertext looks like. */
function flipped(base64, index = 0) {
  const bytes = Buffer.from(base64, 'base64');
  bytes[index] ^= 0x01;
  return bytes.toString('base64');
}

/** Ada's call reached Bob as something that did not verify: he is told and not rung; she hangs up. */
async function bobIsWarnedNotRung(why, timeout = 15_000) {
  await bob.page
    .locator('#notice.error', { hasText: `A call signal from ${ada.displayName} failed its end-to-end check` })
    .waitFor({ timeout });
  assert.equal(await bob.page.isVisible('#incoming'), false, `${why}: Bob is not rung by what did not verify`);
  await ada.page.click('#hangup');
  await callState(ada.page, 'idle');
}

/** A key pair of Mallory's, as the directory would list it. */
async function mallorysKeys() {
  const { subtle } = globalThis.crypto;
  const spki = async (pair) => Buffer.from(await subtle.exportKey('spki', pair.publicKey)).toString('base64');
  return {
    signingKey: await spki(await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])),
    agreementKey: await spki(await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits'])),
  };
}

test('a man in the middle: a changed SDP, a replayed one, or a swapped device key never connects silently, over the socket or long-poll', { timeout: 180_000 }, async () => {
  // Between Bob's page and the server (what a compromised server or proxy can do): Ada's offers are
  // changed on the way in, one way per call.
  let tamper = null;
  let earlierOffer = null;
  let socketBlocked = false;
  await bob.context.routeWebSocket(/\/ws\/signal/, (page) => {
    if (socketBlocked) return page.close({ code: 1011, reason: 'blocked by the test' });
    const server = page.connectToServer();
    page.onMessage((message) => server.send(message));
    server.onMessage((message) => {
      const frame = JSON.parse(message);
      if (frame.type !== 'offer' || !tamper) {
        if (frame.type === 'offer') earlierOffer = frame.sealed;
        return page.send(message);
      }
      if (tamper === 'plaintext') {
        // Mallory's own SDP (her DTLS fingerprint) in place of the sealed one.
        delete frame.sealed;
        frame.sdp = 'v=0\r\na=fingerprint:sha-256 EE:EE:EE:EE\r\n';
      } else if (tamper === 'flip') {
        frame.sealed.ct = flipped(frame.sealed.ct, 8);
      } else if (tamper === 'replay') {
        frame.sealed = earlierOffer; // a genuine payload of Ada's, from an earlier call
      }
      page.send(JSON.stringify(frame));
    });
  });
  await bob.page.reload();
  await bob.page.locator('#app-view').waitFor({ state: 'visible' });
  await transport(bob.page, 'websocket');
  await openConversation(ada.page, bob.username);
  // A genuine call first: it rings (sealed signaling works through the proxy), and its offer is
  // kept for the replay.
  await ada.page.click('#audio-call');
  await bob.page.locator('#incoming').waitFor({ state: 'visible', timeout: 15_000 });
  assert.ok(earlierOffer?.ct, 'the offer went through sealed');
  await ada.page.click('#hangup');
  await callState(bob.page, 'idle');

  for (const how of ['plaintext', 'flip', 'replay']) {
    tamper = how;
    await bob.page.evaluate(() => document.querySelector('#notice .notice-close')?.click());
    await ada.page.click('#audio-call');
    await bobIsWarnedNotRung(how);
  }
  await screenshot(bob.page, 'client-tampered-offer');
  tamper = null;

  // The directory (the server) swaps Bob's device keys for Mallory's when Ada asks before a call:
  // Ada verified Bob, so she is stopped and told; going ahead anyway, Bob's devices cannot open
  // what was sealed for Mallory, and Bob is told too.
  const { peer: bobsId } = await verifiedPair(ada.page);
  const mallory = await mallorysKeys();
  await ada.context.route(`**/api/keys/users/${bobsId}`, async (route) => {
    const response = await route.fetch();
    const listed = await response.json();
    await route.fulfill({ response, json: { ...listed, devices: listed.devices.map((device) => ({ ...device, ...mallory })) } });
  });
  await ada.page.click('#audio-call');
  await ada.page.locator('#confirm-text', { hasText: 'keys changed since you verified them' }).waitFor();
  await ada.page.click('#confirm-ok');
  await bobIsWarnedNotRung('sealed for swapped keys');
  await ada.context.unrouteAll({ behavior: 'ignoreErrors' });
  await bob.page.evaluate(() => document.querySelector('#notice .notice-close')?.click());

  // The same over long-poll: Bob's socket is refused, and what he reads over HTTP (the replay read
  // once on falling back, and his inbox) is changed on the way.
  socketBlocked = true;
  await bob.context.route(/\/api\/(inbox|signals\/replay)\?/, async (route) => {
    try {
      const response = await route.fetch();
      const page = await response.json();
      for (const signal of page.signals ?? []) {
        if (signal.type === 'offer') signal.sealed.ct = flipped(signal.sealed.ct);
      }
      await route.fulfill({ response, json: page });
    } catch {
      // A poll still waiting when the page reloads or the route goes: nobody is there to answer.
    }
  });
  await bob.page.reload();
  await transport(bob.page, 'long-poll', 15_000);
  await ada.page.click('#audio-call');
  await bobIsWarnedNotRung('over long-poll', 30_000);
  await bob.context.unrouteAll({ behavior: 'ignoreErrors' });
  socketBlocked = false;
  await bob.page.reload();
  await transport(bob.page, 'websocket', 15_000);
  await bob.page.evaluate(() => document.querySelector('#notice .notice-close')?.click());
});

test('Settings → Your devices lists the browsers with keys, this one marked; removing one tells contacts at once', async () => {
  await bob.page.click('#settings-button');
  await bob.page.locator('#settings[open]').waitFor();
  const entries = bob.page.locator('#key-devices li');
  await entries.first().waitFor();
  const before = await entries.count();
  assert.ok(before >= 2, `Bob signed in on other browsers in earlier tests (${before} listed)`);
  assert.equal(await bob.page.locator('#key-devices li[data-this="true"]').count(), 1, 'this browser, once');
  assert.equal(await bob.page.locator('#key-devices li[data-this="true"] button').count(), 0, 'and it cannot remove itself');
  await checkAccessibility(bob.page, 'settings with devices');
  await bob.page.locator('#key-devices li[data-this="false"] button').first().click();
  await bob.page.locator('#confirm-text', { hasText: "Remove this browser's keys?" }).waitFor();
  await bob.page.click('#confirm-ok');
  await bob.page.locator('#notice', { hasText: 'Removed' }).waitFor();
  await bob.page.waitForFunction((count) => document.querySelectorAll('#key-devices li').length === count, before - 1);
  await screenshot(bob.page, 'client-your-devices');
  await bob.page.click('#settings-close');
  // Ada verified Bob with those keys: the change shows in her conversation at once.
  await openConversation(ada.page, bob.username);
  await ada.page.locator('#peer-verified', { hasText: 'Keys changed' }).waitFor({ timeout: 15_000 });
  await shownSafetyNumber(ada.page);
  await ada.page.click('#mark-verified');
  await ada.page.click('#safety-close');
  await ada.page.locator('#peer-verified', { hasText: 'Verified' }).waitFor();
});

// Rounds of the sealing benchmark (docs/benchmarks.md): each a call set up sealed and one set up by
// the same client with a sealer that only encodes (served in place of js/signal-sealer.js to that
// pair's pages), alternated, in the same run. Two in the suite (both ways connect); `E2E_SEALING_ROUNDS=20`
// for the benchmark. Results in target/e2e/sealing.json.
const SEALING_ROUNDS = Number(process.env.E2E_SEALING_ROUNDS || 2);
const UNSEALED_SEALER = `
export const SEALED_FIELDS = { offer: ['sdp'], answer: ['sdp'], candidate: ['candidate'], message: ['body'] };
const utf8 = (text) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));
const text = (b64) => new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
export class SignalSealer {
  #registration;
  constructor(directory, registration) { this.#registration = registration; }
  async seal(frame) {
    const fields = SEALED_FIELDS[frame.type];
    if (!fields) return frame;
    const { deviceId } = await this.#registration.registered();
    const outside = { ...frame };
    for (const field of fields) delete outside[field];
    const payload = Object.fromEntries(fields.map((field) => [field, frame[field] ?? null]));
    const iv = 'AAAAAAAAAAAAAAAA';
    const keys = { [crypto.randomUUID()]: { iv, wrapped: 'AAAA' } };
    return { ...outside, sealed: { v: 1, sender: deviceId, epk: 'AAAA', iv, ct: utf8(JSON.stringify(payload)), keys, sig: 'AAAA' } };
  }
  async open(frame) {
    if (!SEALED_FIELDS[frame.type]) return frame;
    const outside = { ...frame };
    delete outside.sealed;
    return { ...outside, ...JSON.parse(text(frame.sealed.ct)) };
  }
}`;

/** A person for the benchmark: a page of their own, without the service worker (so routes apply). */
async function benchUser(prefix, displayName, sealing) {
  const { context, page } = await openApp(browser, {
    contextOptions: { serviceWorkers: 'block' },
    prepare: (fresh) =>
      sealing ||
      fresh.route('**/js/signal-sealer.js', (route) =>
        route.fulfill({ status: 200, contentType: 'text/javascript', body: UNSEALED_SEALER })),
  });
  const username = uniqueName(prefix);
  await signUp(page, username, displayName);
  const served = await page.evaluate(async () => (await fetch('/js/signal-sealer.js')).text());
  assert.equal(served.includes("epk: 'AAAA'"), !sealing, 'the page runs the sealer the benchmark meant');
  return { context, page, username, displayName };
}

/** One call from `caller` to `callee`: the callee's accept click to its call connected, in ms. */
async function acceptToConnected(caller, callee) {
  await callee.page.evaluate(() => {
    const marks = (window.benchMarks = {});
    document.querySelector('#accept-call').addEventListener('click', () => (marks.accept = performance.now()), { capture: true, once: true });
    new MutationObserver((_, observer) => {
      if (document.body.dataset.callState !== 'connected') return;
      marks.connected = performance.now();
      observer.disconnect();
    }).observe(document.body, { attributes: true, attributeFilter: ['data-call-state'] });
  });
  await caller.page.click('#audio-call');
  await callee.page.locator('#incoming').waitFor({ state: 'visible', timeout: 15_000 });
  await callee.page.click('#accept-call');
  await callState(callee.page, 'connected');
  await callState(caller.page, 'connected');
  const { accept, connected } = await callee.page.evaluate(() => window.benchMarks);
  await caller.page.click('#hangup');
  await callState(callee.page, 'idle');
  await callState(caller.page, 'idle');
  return connected - accept;
}

test('sealed signaling against the same flow unsealed: accept → connected, in the same run', { timeout: 120_000 + SEALING_ROUNDS * 30_000 }, async () => {
  const pairs = {};
  for (const sealing of [true, false]) {
    const tag = sealing ? 'sealed' : 'plain';
    const caller = await benchUser(`${tag}a`, `${tag} caller`, sealing);
    const callee = await benchUser(`${tag}b`, `${tag} callee`, sealing);
    await becomeContacts(caller.page, callee.page, callee.username);
    await contactEntry(caller.page, callee.username).and(caller.page.locator('[data-online="true"]')).waitFor({ timeout: 10_000 });
    await openConversation(caller.page, callee.username);
    // A first call, not counted: camera, codecs and the key directory warm up.
    await acceptToConnected(caller, callee);
    pairs[tag] = { caller, callee, ms: [] };
  }
  for (let round = 0; round < SEALING_ROUNDS; round++) {
    for (const tag of round % 2 ? ['plain', 'sealed'] : ['sealed', 'plain']) {
      pairs[tag].ms.push(await acceptToConnected(pairs[tag].caller, pairs[tag].callee));
    }
  }
  const result = {
    rounds: SEALING_ROUNDS,
    sealedMs: pairs.sealed.ms.map(Math.round),
    plainMs: pairs.plain.ms.map(Math.round),
    sealedMedian: Math.round(median(pairs.sealed.ms)),
    plainMedian: Math.round(median(pairs.plain.ms)),
  };
  result.addedMedian = result.sealedMedian - result.plainMedian;
  // What one sealing and one opening cost on the page's main thread, for a 4 KB SDP to two devices.
  Object.assign(
    result,
    await pairs.sealed.caller.page.evaluate(async () => {
      const { open, seal } = await import('/js/logic/sealed-signal.js');
      const { subtle } = crypto;
      const pair = (name, usages) => subtle.generateKey({ name, namedCurve: 'P-256' }, false, usages);
      const [signing, phone, laptop] = [await pair('ECDSA', ['sign', 'verify']), await pair('ECDH', ['deriveBits']), await pair('ECDH', ['deriveBits'])];
      const recipients = [{ deviceId: 'phone', agreementKey: phone.publicKey }, { deviceId: 'laptop', agreementKey: laptop.publicKey }];
      const bound = { fromUser: 'a', fromDevice: 'd', toUser: 'b', callId: 'c', type: 'answer' };
      const payload = { sdp: 'a=rtcp-fb:111 transport-cc\r\n'.repeat(140) };
      const times = { seal: [], open: [] };
      for (let i = 0; i < 50; i++) {
        let started = performance.now();
        const sealed = await seal(payload, bound, recipients, signing.privateKey);
        times.seal.push(performance.now() - started);
        started = performance.now();
        await open(sealed, bound, { deviceId: 'phone', agreementKey: phone.privateKey }, signing.publicKey);
        times.open.push(performance.now() - started);
      }
      const middle = (values) => values.sort((a, b) => a - b)[values.length >> 1];
      return { sealMsMedian: +middle(times.seal).toFixed(2), openMsMedian: +middle(times.open).toFixed(2) };
    }),
  );
  console.log(`accept → connected: ${JSON.stringify(result)}`);
  writeFileSync(join(ARTIFACTS, 'sealing.json'), `${JSON.stringify(result, null, 2)}\n`);
  for (const { caller, callee } of Object.values(pairs)) {
    assert.deepEqual([...caller.page.problems, ...callee.page.problems], []);
    await caller.context.close();
    await callee.context.close();
  }
});

test('relay only with no TURN relay: the call is refused with the reason and a way to the setting, and nobody is rung', async () => {
  await ada.page.click('#settings-button');
  await ada.page.locator('#settings[open]').waitFor();
  // The devices: a live preview, a moving microphone level (the fake device beeps), and pickers.
  await ada.page.waitForFunction(() => document.querySelector('#preview-video').videoWidth > 0, null, { timeout: 10_000 });
  await ada.page.waitForFunction(() => document.querySelector('#mic-level').value > 0.01, null, { timeout: 10_000 });
  const cameras = await ada.page.$$eval('#camera-select option', (options) => options.map((o) => o.value));
  assert.ok(cameras.length >= 2, `the default and at least one camera: ${cameras}`);
  await ada.page.selectOption('#camera-select', cameras[1]);
  assert.equal(JSON.parse(await ada.page.evaluate(() => localStorage.getItem('cybernet.devices'))).camera, cameras[1]);
  await checkAccessibility(ada.page, 'settings');
  await screens(ada.page, 'settings');
  await ada.page.check('#relay-only');
  await ada.page.click('#settings-close');
  await openConversation(ada.page, bob.username);
  await ada.page.click('#audio-call');
  const notice = ada.page.locator('#notice', { hasText: 'offers no TURN relay' });
  await notice.waitFor({ timeout: 5_000 });
  await callState(ada.page, 'idle');
  await bob.page.waitForTimeout(1_000);
  assert.equal(await bob.page.isVisible('#incoming'), false, 'nobody is rung for a call that cannot connect');
  await notice.locator('button[data-action="notice-action"]', { hasText: 'Open settings' }).click();
  await ada.page.locator('#settings[open]').waitFor();
  await ada.page.uncheck('#relay-only');
  await ada.page.click('#settings-close');
});

test('the light theme follows the system setting', async () => {
  await ada.page.emulateMedia({ colorScheme: 'light' });
  const background = await ada.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(background, 'rgb(244, 246, 250)');
  await ada.page.emulateMedia({ colorScheme: 'dark' });
  assert.equal(await ada.page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(11, 29, 51)');
  await ada.context.close();
  await bob.context.close();
});
