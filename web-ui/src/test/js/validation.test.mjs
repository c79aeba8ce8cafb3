import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client } from './client-paths.mjs';

const { validate, fieldErrorsFromProblem } = await import(client('js/logic/validation.js'));

const good = {
  username: 'ada.l',
  email: 'ada@example.org',
  displayName: 'Ada Lovelace',
  password: 'analytical engine 1843',
};

test('a complete sign-up form has no problems', () => {
  assert.deepEqual(validate('sign-up', good), {});
});

test('an empty sign-up form names every field at once, each with its own sentence', () => {
  const errors = validate('sign-up', { username: '', email: '', displayName: '', password: '' });
  assert.deepEqual(Object.keys(errors).sort(), ['displayName', 'email', 'password', 'username']);
  for (const message of Object.values(errors)) assert.match(message, /^[A-Z].*\.$/, 'a sentence');
});

test('usernames follow the server rule: 3-32 of letters, digits, . _ -, starting with a letter or digit', () => {
  for (const username of ['abc', 'a.b-c_d', 'A1b', '9lives', 'x'.repeat(32)]) {
    assert.equal(validate('sign-up', { ...good, username }).username, undefined, `${username} is accepted`);
  }
  for (const username of ['ab', '.abc', 'has space', 'x'.repeat(33), 'ünï']) {
    assert.ok(validate('sign-up', { ...good, username }).username, `${username} is refused`);
  }
});

test('a password is at least 10 characters and does not contain the username', () => {
  assert.match(validate('sign-up', { ...good, password: 'short' }).password, /at least 10/);
  assert.match(validate('sign-up', { ...good, username: 'adalove', password: 'my-adalove-pass' }).password, /username/);
  assert.equal(
    validate('sign-up', { ...good, password: '  ten chars ' }).password,
    undefined,
    'spaces count, passwords are not trimmed',
  );
});

test('surrounding spaces are ignored in names and emails, and control characters refused in display names', () => {
  assert.deepEqual(validate('sign-up', { ...good, username: '  ada.l ', email: ' ada@example.org ' }), {});
  assert.ok(validate('sign-up', { ...good, displayName: 'Ada\u0007' }).displayName);
  assert.ok(validate('sign-up', { ...good, email: 'not-an-email' }).email);
});

test('sign-in needs both fields, and the reset form checks the new password', () => {
  assert.deepEqual(Object.keys(validate('sign-in', { username: '', password: '' })).sort(), ['password', 'username']);
  assert.deepEqual(validate('sign-in', { username: 'ada', password: 'x' }), {});
  assert.ok(validate('reset', { newPassword: 'short' }).newPassword);
  assert.ok(validate('forgot', { email: '' }).email);
});

test("the server's validation problem lands on the fields it names", () => {
  const problem = {
    type: 'validation',
    message: 'The request has invalid fields.',
    errors: [
      { field: 'username', message: 'must be 3-32 characters' },
      { field: 'admin', message: 'unknown' },
    ],
  };
  assert.deepEqual(fieldErrorsFromProblem('sign-up', problem), {
    fields: { username: 'Must be 3-32 characters.' },
    general: null,
  });
});

test('a taken username or email, and a weak password, belong to their field', () => {
  assert.match(fieldErrorsFromProblem('sign-up', { type: 'username-taken', message: 'x' }).fields.username, /taken/);
  assert.match(fieldErrorsFromProblem('sign-up', { type: 'email-taken', message: 'x' }).fields.email, /exists/);
  const weak = fieldErrorsFromProblem('reset', { type: 'weak-password', message: 'Too common.' }, 'newPassword');
  assert.deepEqual(weak, { fields: { newPassword: 'Too common.' }, general: null });
});

test('any other refusal is a message for the whole form', () => {
  assert.deepEqual(
    fieldErrorsFromProblem('sign-in', { type: 'invalid-credentials', message: 'Invalid username or password' }),
    {
      fields: {},
      general: 'Invalid username or password',
    },
  );
});
