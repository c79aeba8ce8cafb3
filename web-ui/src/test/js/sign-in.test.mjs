import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client } from './client-paths.mjs';

const { linkOutcome, signInChoices, ssoRefusalKey } = await import(client('js/logic/sign-in.js'));

test('passwords only when no provider is configured, or the options could not be read', () => {
  assert.deepEqual(signInChoices({ password: true }), { password: true, provider: null });
  assert.deepEqual(signInChoices(null), { password: true, provider: null });
  assert.deepEqual(signInChoices({ password: false }), { password: true, provider: null });
});

test('a configured provider is offered, beside passwords or alone', () => {
  assert.deepEqual(signInChoices({ password: true, provider: { name: 'Acme' } }), { password: true, provider: 'Acme' });
  assert.deepEqual(signInChoices({ password: false, provider: { name: 'Acme' } }), {
    password: false,
    provider: 'Acme',
  });
});

test('a refused single sign-on names its reason; an unknown one says it failed', () => {
  assert.equal(ssoRefusalKey(''), null);
  assert.equal(ssoRefusalKey('?sign-in-error=account-exists'), 'sso.account-exists');
  assert.equal(ssoRefusalKey('?sign-in-error=unavailable'), 'sso.unavailable');
  assert.equal(ssoRefusalKey('?sign-in-error=provider-unavailable'), 'sso.provider-unavailable');
  assert.equal(ssoRefusalKey('?sign-in-error=%3Cscript%3E'), 'sso.failed');
});

test('joining a provider account: the page finishes a confirmed join and names a failure', () => {
  assert.deepEqual(linkOutcome('?link=confirm'), { confirm: true, errorKey: null });
  assert.deepEqual(linkOutcome('?link-error=identity-linked'), {
    confirm: false,
    errorKey: 'sso.link-identity-linked',
  });
  assert.deepEqual(linkOutcome('?link-error=provider-unavailable'), { confirm: false, errorKey: 'sso.link-failed' });
  assert.deepEqual(linkOutcome('?link-error=<script>'), { confirm: false, errorKey: 'sso.link-failed' });
  assert.deepEqual(linkOutcome(''), { confirm: false, errorKey: null });
  assert.deepEqual(linkOutcome('?link=yes'), { confirm: false, errorKey: null });
});
