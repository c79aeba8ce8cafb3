// The vendored libraries are exactly the pinned npm packages' files (`npm run vendor` copies them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VENDORED, VENDOR_DIR } from '../../../scripts/vendor.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));

test('every vendored file matches its package', () => {
  for (const { from, to } of VENDORED) {
    assert.ok(
      readFileSync(join(root, from)).equals(readFileSync(join(VENDOR_DIR, to))),
      `${to} is ${from}; run npm run vendor`,
    );
  }
});
