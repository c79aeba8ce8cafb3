// Every message the client shows comes from the one catalogue, and every key it asks for exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENT_ROOT, client } from './client-paths.mjs';

const { MESSAGE_KEYS, t } = await import(client('js/ui/messages.js'));

function sources(dir = join(CLIENT_ROOT, 'js')) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'vendor' ? [] : sources(path);
    return entry.name.endsWith('.js') ? [path] : [];
  });
}

test("every t('key') in the client names a message of the catalogue", () => {
  const missing = [];
  for (const file of sources().filter((path) => !path.endsWith('messages.js'))) {
    for (const [, key] of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-z0-9.-]+)'/g)) {
      if (!MESSAGE_KEYS.includes(key)) missing.push(`${file}: ${key}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('placeholders are filled, and the plural reads right', () => {
  assert.equal(t('call.calling', { name: 'Ada' }), 'Calling Ada…');
  assert.equal(t('form.fix', { count: 1 }), 'Please correct the problem marked above.');
  assert.equal(t('form.fix', { count: 3 }), 'Please correct the 3 problems marked above.');
  assert.equal(t('no.such.key'), 'no.such.key');
});
