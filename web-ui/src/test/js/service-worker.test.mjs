// The service worker caches the whole shell: a module it does not list would be missing offline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CLIENT_ROOT } from './client-paths.mjs';

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? files(path) : [path];
  });
}

test('the shell list names every script of the client', () => {
  const worker = readFileSync(join(CLIENT_ROOT, 'sw.js'), 'utf8');
  const list = worker.slice(worker.indexOf('const SHELL = ['), worker.indexOf('];'));
  const listed = new Set([...list.matchAll(/'(\/[^']*)'/g)].map(([, path]) => path));
  const scripts = files(join(CLIENT_ROOT, 'js'))
    .filter((path) => path.endsWith('.js'))
    .map((path) => `/${relative(CLIENT_ROOT, path)}`);
  assert.deepEqual(
    scripts.filter((path) => !listed.has(path)),
    [],
  );
  for (const path of listed)
    assert.ok(
      path === '/' || files(CLIENT_ROOT).some((file) => `/${relative(CLIENT_ROOT, file)}` === path),
      `${path} exists`,
    );
});
