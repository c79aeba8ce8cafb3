// Calls across real NATs. Two users, each in a headless Chromium of their own inside a "home" network
// namespace behind a NAT router namespace; the stack's public endpoint and coturn on a "public"
// network (nat/topology.sh). coturn runs with the deployments' policy (k8s/base/coturn) plus an
// allowed-peer-ip for this test's public-looking range only. Needs root. Started by CrossNatCallIT,
// which passes the stack's port and the TURN secret it gave signaling-service.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import {
  ARTIFACTS, CHROMIUM_FLAGS, becomeContacts, callState, contactEntry, mediaFlows, openConversation, screenshot,
  signUp, uniqueName,
} from './support.mjs';
import { TurnSession, ephemeralCredentials } from './nat/turn-client.mjs';

const TOPOLOGY = new URL('nat/topology.sh', import.meta.url).pathname;
const FORWARD = new URL('../../deploy/test/forward.mjs', import.meta.url).pathname;
const REPO = new URL('../..', import.meta.url).pathname;
const PUBLIC_TURN = '203.0.113.1';
const HOST_ON_WAN = '203.0.113.254';
const WEB_PORT = Number(process.env.E2E_WEB_PORT);
const TURN_SECRET = process.env.E2E_TURN_SECRET;
const isRoot = process.getuid?.() === 0;

const children = [];
const browsers = []; // closed in after() even when a home never finished opening
let work;
const homes = {}; // home1 / home2: { browser, context, page, username }
const results = {}; // what each status panel showed, per scenario (nat-results.json)

function topology(...args) {
  execFileSync('bash', [TOPOLOGY, ...args], { stdio: 'inherit' });
}

function startIn(namespace, command, args, logName, env = {}) {
  const child = spawn('ip', ['netns', 'exec', namespace, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  child.on('exit', () => writeFileSync(join(ARTIFACTS, `nat-${logName}.log`), output));
  children.push(child);
  return { child, output: () => output };
}

async function until(check, what, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A Chromium whose every process runs inside the home namespace (Playwright talks to it over a pipe). */
async function browserIn(namespace) {
  const wrapper = join(work, `chromium-${namespace}`);
  writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${namespace} ${process.env.CHROMIUM || '/usr/bin/chromium'} "$@"\n`);
  chmodSync(wrapper, 0o755);
  const browser = await chromium.launch({ executablePath: wrapper, headless: true, args: CHROMIUM_FLAGS });
  browsers.push(browser);
  return browser;
}

/** What a page showed when a step failed: printed into the suite's report (CI shows it) and saved. */
async function describe(page, label) {
  const state = await page
    .evaluate(() => ({
      url: location.href,
      visible: [...document.querySelectorAll('main, form, [data-view]')].filter((e) => !e.hidden && e.offsetParent !== null).map((e) => e.id || e.tagName),
      notice: document.querySelector('#notice')?.textContent,
      readyState: document.readyState,
    }))
    .catch((error) => ({ unreadable: error.message }));
  const line = `${label}: ${JSON.stringify({ ...state, log: page.log?.slice(-20) })}`;
  console.log(line);
  await screenshot(page, `nat-${label}`).catch(() => {});
  return line;
}

async function openHome(namespace, prefix, displayName) {
  const browser = await browserIn(namespace);
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, permissions: ['camera', 'microphone'] });
  const page = await context.newPage();
  page.log = [];
  page.on('console', (message) => page.log.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => page.log.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => page.log.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
  page.on('response', (response) => response.status() >= 400 && page.log.push(`${response.status()} ${response.url()}`));
  // The page is on http://localhost:<port> inside the home: a forwarder there crosses the NAT to
  // the public endpoint, so the origin is the one the stack allows and the session cookie works.
  await page.goto(`http://localhost:${WEB_PORT}`);
  let username = uniqueName(prefix);
  try {
    await signUp(page, username, displayName);
  } catch (error) {
    // Sign-up is this suite's set-up, not its subject (BrowserEndToEndIT tests it): what the page
    // showed is printed (a CI log keeps it), and a fresh load gets one more try.
    const first = await describe(page, `${namespace}-sign-up`);
    username = uniqueName(prefix);
    try {
      await page.goto(`http://localhost:${WEB_PORT}`);
      await signUp(page, username, displayName);
    } catch (again) {
      throw new Error(`${error.message}\n${first}\nagain: ${again.message}\n${await describe(page, `${namespace}-sign-up-again`)}`);
    }
  }
  return { browser, context, page, username };
}

/**
 * Ada (home1) calls Bob (home2) and both see media; returns the path and candidates each status
 * panel shows, and hangs up whatever happened. ICE may first use a pair that succeeded early (a
 * relay) and move to a better one as more checks succeed: each panel gets up to 15 s to show the
 * `expected` path before it is read.
 */
async function callAndInspect(name, expected) {
  const { home1: ada, home2: bob } = homes;
  try {
    await openConversation(ada.page, bob.username);
    await ada.page.click('#video-call');
    await bob.page.locator('#incoming').waitFor({ state: 'visible', timeout: 15_000 });
    await bob.page.click('#accept-call');
    await callState(ada.page, 'connected', 30_000);
    await callState(bob.page, 'connected', 30_000);
    await mediaFlows(ada.page, { timeout: 30_000 });
    await mediaFlows(bob.page, { timeout: 30_000 });
    const seen = {};
    for (const [side, page] of Object.entries({ ada: ada.page, bob: bob.page })) {
      await page
        .waitForFunction((path) => document.querySelector('#st-path').dataset.path === path, expected, { timeout: 15_000 })
        .catch(() => {}); // the assertion below reports what it showed instead
      seen[side] = { path: await page.getAttribute('#st-path', 'data-path'), candidates: await page.textContent('#st-candidates') };
    }
    results[name] = seen;
    await screenshot(ada.page, `nat-${name}-caller`);
    await screenshot(bob.page, `nat-${name}-callee`);
    return seen;
  } finally {
    if ((await ada.page.getAttribute('body', 'data-call-state')) !== 'idle') await ada.page.click('#hangup').catch(() => {});
    await callState(ada.page, 'idle', 10_000).catch(() => {});
    await callState(bob.page, 'idle', 10_000).catch(() => {});
  }
}

before(async () => {
  if (!isRoot) return;
  assert.ok(WEB_PORT > 0 && TURN_SECRET, 'E2E_WEB_PORT and E2E_TURN_SECRET come from CrossNatCallIT');
  work = mkdtempSync(join(tmpdir(), 'cybernet-nat-'));
  chmodSync(work, 0o755);
  topology('up');

  // coturn on the public network, configured as the deployments configure it.
  // Its TURN_* settings: the deployments' policy file, plus an allowed-peer-ip for this test's range.
  const coturn = startIn('cn-wan', 'sh', [join(REPO, 'k8s/base/coturn/entrypoint.sh')], 'coturn', {
    TURN_SECRET,
    TURN_POLICY_FILE: join(REPO, 'k8s/base/coturn/turnserver.conf'),
    TURN_RUN_DIR: work,
    TURN_LISTENING_IP: PUBLIC_TURN,
    TURN_ALLOWED_PEER_IP: '203.0.113.0-203.0.113.255',
    TURN_REALM: 'cybernet.test',
  });
  await until(() => coturn.output().includes('Relay ports initialization done'), 'coturn to listen');

  // The public endpoint: this machine is 203.0.113.254 on the wan, where web-ui listens (all
  // interfaces). Each home reaches it through its NAT via a forwarder on its own localhost (both
  // 127.0.0.1 and ::1: Chromium may try either for "localhost").
  for (const home of ['cn-home1', 'cn-home2']) {
    const forwarder = startIn(home, process.execPath, [FORWARD, `tcp:[::]:${WEB_PORT}`, `tcp:${HOST_ON_WAN}:${WEB_PORT}`], `forward-${home}`);
    await until(() => forwarder.output().includes('ready'), `the forwarder in ${home}`);
  }

  homes.home1 = await openHome('cn-home1', 'ada', 'Ada Lovelace');
  homes.home2 = await openHome('cn-home2', 'bob', 'Bob Kahn');
  await becomeContacts(homes.home1.page, homes.home2.page, homes.home2.username);
  await contactEntry(homes.home1.page, homes.home2.username).and(homes.home1.page.locator('[data-online="true"]')).waitFor({ timeout: 15_000 });
}, { timeout: 180_000 });

after(async () => {
  if (!isRoot) return;
  writeFileSync(join(ARTIFACTS, 'nat-results.json'), JSON.stringify(results, null, 2));
  // Bounded: a browser that does not close must not keep this suite (and the build) waiting.
  await Promise.race([Promise.all(browsers.map((browser) => browser.close().catch(() => {}))), new Promise((resolve) => setTimeout(resolve, 15_000))]);
  for (const child of children) child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 300));
  topology('down');
  const left = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  if (work) rmSync(work, { recursive: true, force: true });
  assert.doesNotMatch(left, /\bcn-(wan|nat|home)/, 'the test removed its namespaces');
});

const skip = !isRoot && 'needs root: network namespaces and iptables';

test('behind two cone NATs the call connects directly, by server-reflexive candidates', { skip, timeout: 120_000 }, async () => {
  const seen = await callAndInspect('cone-cone', 'direct');
  for (const side of ['ada', 'bob']) {
    assert.equal(seen[side].path, 'direct', `${side}: ${JSON.stringify(seen[side])}`);
    assert.match(seen[side].candidates, /↔ (srflx|prflx)$/, `${side} reaches the other through its NAT's public mapping`);
    assert.doesNotMatch(seen[side].candidates, /relay/);
  }
});

test('behind a symmetric NAT the call connects through TURN and says relayed', { skip, timeout: 120_000 }, async () => {
  topology('nat', '2', 'symmetric');
  try {
    const seen = await callAndInspect('cone-symmetric', 'relayed');
    for (const side of ['ada', 'bob']) {
      assert.equal(seen[side].path, 'relayed', `${side}: ${JSON.stringify(seen[side])}`);
      assert.match(seen[side].candidates, /relay/);
    }
  } finally {
    topology('nat', '2', 'cone');
  }
});

test('coturn refuses to relay to private, loopback, link-local and CGNAT addresses', { skip, timeout: 30_000 }, async () => {
  const session = new TurnSession(PUBLIC_TURN, 3478, ephemeralCredentials(TURN_SECRET, 'probe'));
  try {
    const allocation = await session.allocate();
    assert.ok(allocation.success && allocation.relayed, `an allocation with signaling's credentials: ${JSON.stringify(allocation)}`);
    for (const peer of ['10.201.2.2', '127.0.0.1', '192.168.1.10', '172.16.0.5', '169.254.169.254', '100.64.0.1', '0.0.0.1']) {
      const answer = await session.createPermission(peer);
      assert.equal(answer.code, 403, `relaying to ${peer} is refused (${JSON.stringify(answer)})`);
    }
    // The same session may relay to the test's own public-looking range: the refusals are the policy's.
    assert.ok((await session.createPermission('203.0.113.12')).success);
  } finally {
    session.close();
  }
  const wrong = new TurnSession(PUBLIC_TURN, 3478, ephemeralCredentials('not-the-secret-at-all-0123456789abcdef', 'probe'));
  try {
    assert.equal((await wrong.allocate()).code, 401, 'a credential not minted with the secret gets no allocation');
  } finally {
    wrong.close();
  }
});
