// Single sign-on in Chromium against a real Keycloak (SsoBrowserIT starts both): two people sign
// in through Keycloak's own login page, become contacts and call each other; a person whose email
// address already has a password account is told so and gets no session; signing out signs out at
// Keycloak too; the provider's own tokens open nothing but the exchange.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import {
  BASE_URL, PASSWORD, becomeContacts, callState, contactEntry, launch, openApp, openConversation, screenshot,
  transport,
} from './support.mjs';

const ISSUER = process.env.E2E_SSO_ISSUER;
const SSO_PASSWORD = process.env.E2E_SSO_PASSWORD;
const browser = await launch();
after(() => browser.close());

/** Opens the app, takes "Sign in with Keycloak", and fills in Keycloak's own form. */
async function throughKeycloak(username) {
  const { context, page } = await openApp(browser);
  const button = page.locator('#sso-sign-in');
  await button.waitFor({ state: 'visible' });
  assert.equal((await button.textContent()).trim(), 'Sign in with Keycloak');
  await button.click();
  await page.waitForURL((url) => url.href.startsWith(`${ISSUER}/protocol/openid-connect/auth`));
  await page.fill('#username', username);
  await page.fill('#password', SSO_PASSWORD);
  await page.click('#kc-login');
  await page.waitForURL((url) => url.href.startsWith(BASE_URL));
  return { context, page, username };
}

test('two people sign in through Keycloak, become contacts and call each other', async () => {
  const carol = await throughKeycloak('carol');
  await carol.page.locator('#app-view').waitFor({ state: 'visible' });
  assert.equal(await carol.page.textContent('#me'), 'Carol Keycloak');
  await transport(carol.page, 'websocket');
  const dave = await throughKeycloak('dave');
  await dave.page.locator('#app-view').waitFor({ state: 'visible' });
  assert.equal(await dave.page.textContent('#me'), 'Dave Keycloak');
  await screenshot(dave.page, 'sso-01-signed-in');

  await becomeContacts(carol.page, dave.page, 'dave');
  await contactEntry(carol.page, 'dave').and(carol.page.locator('[data-online="true"]')).waitFor({ timeout: 15_000 });
  await openConversation(carol.page, 'dave');
  await carol.page.click('#audio-call');
  await dave.page.locator('#incoming').waitFor({ state: 'visible' });
  assert.match(await dave.page.textContent('#incoming-text'), /Carol Keycloak is calling you/);
  await dave.page.click('#accept-call');
  await callState(carol.page, 'connected');
  await callState(dave.page, 'connected');
  await carol.page.click('#hangup');
  await callState(dave.page, 'idle');

  // A reload keeps the session, as after a password sign-in: the same HttpOnly cookie.
  await dave.page.reload();
  await dave.page.locator('#app-view').waitFor({ state: 'visible' });
  // Signing out signs out at Keycloak too (RP-initiated logout): the page goes there and comes back
  // to the sign-in screen, and the next "Sign in with Keycloak" asks for the password again.
  await dave.page.click('#sign-out');
  await dave.page.locator('#sign-in-form').waitFor({ state: 'visible', timeout: 15_000 });
  assert.equal(new URL(dave.page.url()).origin, new URL(BASE_URL).origin);
  await dave.page.click('#sso-sign-in');
  await dave.page.locator('#kc-login').waitFor({ state: 'visible' });
  await screenshot(dave.page, 'sso-01b-signed-out-at-keycloak');
  assert.deepEqual([...carol.page.problems, ...dave.page.problems], []);
  await carol.context.close();
  await dave.context.close();
});

test('an email address that already has a password account is not taken over, and the page says why; the two join with proof of both', async () => {
  const registered = await fetch(`${BASE_URL}/api/auth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'erin-pw', email: 'erin@example.test', displayName: 'Erin', password: PASSWORD }),
  });
  assert.equal(registered.status, 201);
  const erin = await throughKeycloak('erin');
  const refusal = erin.page.locator('#sso-refusal');
  await refusal.waitFor({ state: 'visible' });
  assert.match(await refusal.textContent(), /already exists here/);
  assert.equal(await erin.page.isVisible('#app-view'), false);
  await screenshot(erin.page, 'sso-02-refused');

  // With proof of both, the two join: Erin signs in with the password, then Settings → join.
  const { page } = erin;
  await page.fill('#sign-in-form input[name=username]', 'erin-pw');
  await page.fill('#sign-in-form input[name=password]', PASSWORD);
  await page.click('#sign-in-form button[type=submit]');
  await page.locator('#app-view').waitFor({ state: 'visible' });
  await page.click('#settings-button');
  const join = page.locator('#sso-link');
  await join.waitFor({ state: 'visible' });
  assert.equal((await join.textContent()).trim(), 'Join your Keycloak account');
  await join.click();
  // Keycloak still knows Erin from the refused attempt: it sends her straight back.
  await page.locator('#notice', { hasText: 'Your Keycloak account is joined' }).waitFor({ timeout: 15_000 });
  await screenshot(page, 'sso-02b-joined');
  // From now on "Sign in with Keycloak" opens the password account.
  await page.click('#sign-out');
  await page.locator('#sso-sign-in').waitFor({ state: 'visible' });
  await page.click('#sso-sign-in');
  await page.locator('#app-view').waitFor({ state: 'visible', timeout: 15_000 });
  assert.equal(await page.getAttribute('#me', 'title'), '@erin-pw');
  await erin.context.close();
});

/** Enables or disables a Keycloak user through the admin API, as an administrator would. */
async function setEnabled(username, enabled) {
  const realmUrl = new URL(ISSUER);
  const base = `${realmUrl.origin}`;
  const realm = realmUrl.pathname.split('/').pop();
  const token = await fetch(`${base}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password', client_id: 'admin-cli', username: 'admin',
      password: process.env.E2E_KEYCLOAK_ADMIN_PASSWORD,
    }),
  }).then((r) => r.json());
  const headers = { Authorization: `Bearer ${token.access_token}`, 'Content-Type': 'application/json' };
  const [user] = await fetch(`${base}/admin/realms/${realm}/users?exact=true&username=${username}`, { headers })
    .then((r) => r.json());
  const updated = await fetch(`${base}/admin/realms/${realm}/users/${user.id}`, {
    method: 'PUT', headers, body: JSON.stringify({ enabled }),
  });
  assert.equal(updated.status, 204);
}

test('a person the administrator disables in Keycloak is signed out of the open app', { timeout: 90_000 }, async () => {
  const frank = await throughKeycloak('frank');
  await frank.page.locator('#app-view').waitFor({ state: 'visible' });
  await transport(frank.page, 'websocket');
  const disabledAt = Date.now();
  await setEnabled('frank', false);
  try {
    // auth-service asks Keycloak every 2 s here (30 s by default): the session ends, signaling
    // closes the socket, and the page finds out at once.
    await frank.page.locator('#sign-in-form').waitFor({ state: 'visible', timeout: 60_000 });
    await frank.page.locator('#notice', { hasText: 'Your session ended' }).waitFor();
    const seconds = (Date.now() - disabledAt) / 1000;
    console.log(`signed out ${seconds.toFixed(1)} s after being disabled`);
    assert.ok(seconds < 60, `signed out within a minute (${seconds} s)`);
    await screenshot(frank.page, 'sso-03-disabled');
  } finally {
    await setEnabled('frank', true);
    await frank.context.close();
  }
});

/** An access token straight from Keycloak (a test-only password-grant client of the realm). */
async function providerToken(issuer, client, username) {
  const response = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: client,
      client_secret: process.env.E2E_SSO_CLIENT_SECRET,
      username,
      password: SSO_PASSWORD,
    }),
  });
  assert.equal(response.status, 200, `${client} grants ${username} a token`);
  return (await response.json()).access_token;
}

/** The status a WebSocket upgrade of the signaling endpoint gets with this bearer token. */
function upgradeStatus(token) {
  return new Promise((resolve, reject) => {
    const request = http.request(`${BASE_URL}/ws/signal`, {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
        Origin: BASE_URL,
        Authorization: `Bearer ${token}`,
      },
    });
    request.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve(response.statusCode);
    });
    request.on('response', (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('error', reject);
    request.end();
  });
}

test("the provider's own tokens open no service: another realm's, without the audience, expired, or even this realm's", async () => {
  const tokens = {
    "this realm's (only auth-service's exchange takes it)": await providerToken(ISSUER, 'cybernet-test-login', 'carol'),
    "another realm's": await providerToken(process.env.E2E_SSO_OTHER_ISSUER, 'cybernet-test-login', 'mallory'),
    'without the audience': await providerToken(ISSUER, 'cybernet-test-no-audience', 'carol'),
    expired: await providerToken(ISSUER, 'cybernet-test-expiring', 'carol'),
  };
  await new Promise((resolve) => setTimeout(resolve, 3_000)); // the expiring client's tokens live 2 s
  for (const [kind, token] of Object.entries(tokens)) {
    const authorization = { Authorization: `Bearer ${token}` };
    // notification-service is not in this stack: NotificationFlowTest refuses the provider's token.
    for (const path of ['/api/auth/me', '/api/contacts', '/api/inbox?after=0&wait=0']) {
      const response = await fetch(`${BASE_URL}${path}`, { headers: authorization });
      assert.equal(response.status, 401, `${kind} token at ${path}`);
    }
    const sent = await fetch(`${BASE_URL}/api/signals`, {
      method: 'POST',
      headers: { ...authorization, 'Content-Type': 'application/json', Origin: BASE_URL },
      body: JSON.stringify({ type: 'chat', to: 'someone', payload: {} }),
    });
    assert.equal(sent.status, 401, `${kind} token at POST /api/signals`);
    assert.equal(await upgradeStatus(token), 401, `${kind} token at the signaling WebSocket`);
  }
  // The exchange itself refuses all but this realm's token with the audience.
  for (const [kind, token] of Object.entries(tokens).slice(1)) {
    const exchanged = await fetch(`${BASE_URL}/api/auth/sso/session`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    assert.equal(exchanged.status, 401, `${kind} token at the exchange`);
  }
});
