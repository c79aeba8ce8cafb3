import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client } from './client-paths.mjs';

const { safetyQrModules } = await import(client('js/logic/safety-qr.js'));

const number = '12345 67890 12345 67890 12345 67890 12345 67890 12345 67890 12345 67890';

test('a safety number gives a square QR code with its three finder patterns', () => {
  const modules = safetyQrModules(number);
  const size = modules.length;
  assert.ok(size >= 21 && (size - 21) % 4 === 0, `a QR size: ${size}`);
  assert.ok(modules.every((row) => row.length === size));
  // Each finder pattern's outer ring is dark, its inner ring light.
  for (const [row, column] of [
    [0, 0],
    [0, size - 7],
    [size - 7, 0],
  ]) {
    assert.equal(modules[row][column], true);
    assert.equal(modules[row + 1][column + 1], false);
    assert.equal(modules[row + 3][column + 3], true);
  }
});

test('the same number gives the same code; another number another; only digits are taken', () => {
  assert.deepEqual(safetyQrModules(number), safetyQrModules(number.replace(/ /g, '')));
  assert.notDeepEqual(safetyQrModules(number), safetyQrModules(number.replace('12345', '54321')));
  assert.throws(() => safetyQrModules('12a45'), TypeError);
});
