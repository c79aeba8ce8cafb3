// Shared by the browser tests: Debian's Chromium through playwright-core, users made through the UI.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

export const BASE_URL = process.env.E2E_BASE_URL || 'http://localhost:8080';
export const ARTIFACTS = process.env.E2E_ARTIFACTS || new URL('../target/e2e', import.meta.url).pathname;
export const PASSWORD = 'correct horse battery staple';
mkdirSync(ARTIFACTS, { recursive: true });

// Exactly the flags the project runs Chromium with (see docs/operations.md, "Browser tests").
export const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
  });
}

/**
 * A browser context (one user's profile) with its page open on the app; CSP violations fail the test.
 * `contextOptions` go to the new context; `prepare(context)` runs before the page opens (routes).
 */
export async function openApp(browser, { viewport = { width: 1280, height: 860 }, contextOptions = {}, prepare } = {}) {
  const context = await browser.newContext({ viewport, permissions: ['camera', 'microphone', 'notifications'], ...contextOptions });
  await prepare?.(context);
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (message) => {
    if (process.env.E2E_DEBUG) console.log(`[browser ${message.type()}] ${message.text()}`);
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) page.problems.push(message.text());
  });
  page.on('pageerror', (error) => page.problems.push(`page error: ${error.message}`));
  await page.goto(BASE_URL);
  return { context, page };
}

export function uniqueName(prefix) {
  return `${prefix}${randomUUID().replace(/-/g, '').slice(0, 10)}`;
}

export async function signUp(page, username, displayName) {
  await page.click('a[href="#sign-up"]');
  const form = page.locator('#sign-up-form');
  await form.locator('input[name=username]').fill(username);
  await form.locator('input[name=email]').fill(`${username}@example.test`);
  await form.locator('input[name=displayName]').fill(displayName);
  await form.locator('input[name=password]').fill(PASSWORD);
  await form.locator('button[type=submit]').click();
  await page.locator('#app-view').waitFor({ state: 'visible' });
  await transport(page, 'websocket');
}

/** Signs in with an existing account's username (another device of that person). */
export async function signIn(page, username) {
  const form = page.locator('#sign-in-form');
  await form.locator('input[name=username]').fill(username);
  await form.locator('input[name=password]').fill(PASSWORD);
  await form.locator('button[type=submit]').click();
  await page.locator('#app-view').waitFor({ state: 'visible' });
  await transport(page, 'websocket');
}

export async function transport(page, mode, timeout = 10_000) {
  await page.locator(`#transport[data-mode="${mode}"]`).waitFor({ timeout });
}

/** `from` asks `to` (by username) to be a contact through search; `to` accepts. */
export async function becomeContacts(from, to, toUsername) {
  await from.fill('#search-input', toUsername);
  await from.click('#search-form button[type=submit]');
  await from.locator(`#search-results li[data-username="${toUsername}"] button`).click();
  const request = to.locator('#requests li[data-state="INCOMING"] button.primary');
  await request.waitFor({ timeout: 15_000 });
  await request.click();
}

export function contactEntry(page, username) {
  return page.locator(`#contacts li[data-username="${username}"]`);
}

export async function openConversation(page, username) {
  await contactEntry(page, username).locator('button.name').click();
  await page.locator('#conversation-body').waitFor({ state: 'visible' });
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

export async function callState(page, value, timeout = 20_000) {
  await page.locator(`body[data-call-state="${value}"]`).waitFor({ state: 'attached', timeout }).catch(async (error) => {
    throw new Error(`${error.message}\npage: ${JSON.stringify(await describe(page))}`);
  });
}

/** Polls the status panel until both video frames and audio packets have been decoded. */
export async function mediaFlows(page, { video = true, timeout = 20_000 } = {}) {
  await page.waitForFunction(({ video }) => {
    const entry = document.querySelector('#st-loss');
    return (!video || Number(entry.dataset.framesDecoded) > 0) && Number(entry.dataset.audioPackets) > 0;
  }, { video }, { timeout, polling: 250 });
}

/** What a page shows about its connection, for failure messages. */
export async function describe(page) {
  return page.evaluate(() => ({
    status: [...document.querySelectorAll('.status dd')].map((d) => `${d.id}=${d.textContent}`).join(' | '),
    call: `${document.body.dataset.callState}: ${document.querySelector('#call-state').textContent}`,
    notice: document.querySelector('#notice').textContent,
    transfers: [...document.querySelectorAll('#transfers li')].map((li) => `${li.dataset.direction}:${li.dataset.state}`),
  }));
}
