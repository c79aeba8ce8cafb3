// Copies the browser libraries the client uses from node_modules into js/vendor/, where the page
// loads them from its own origin (no CDN, strict CSP). `npm run vendor` after changing a version in
// package.json; src/test/js/vendor.test.mjs fails while the copies differ from the pinned packages.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
export const VENDORED = [
  { from: 'node_modules/hash-wasm/dist/sha256.umd.min.js', to: 'hash-wasm/sha256.umd.min.js' },
  { from: 'node_modules/hash-wasm/LICENSE', to: 'hash-wasm/LICENSE' },
  // MIT; the notice is in the file's header (the package ships no LICENSE file). An ES module,
  // saved as .js so every server sends it as JavaScript.
  { from: 'node_modules/qrcode-generator/dist/qrcode.mjs', to: 'qrcode-generator/qrcode.js' },
];
export const VENDOR_DIR = join(root, 'src/main/resources/META-INF/resources/js/vendor');

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const { from, to } of VENDORED) {
    mkdirSync(dirname(join(VENDOR_DIR, to)), { recursive: true });
    copyFileSync(join(root, from), join(VENDOR_DIR, to));
    console.log(`vendored ${from} → js/vendor/${to}`);
  }
}
