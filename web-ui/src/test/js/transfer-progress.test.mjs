import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client } from './client-paths.mjs';

const { formatBytes, rateAndEta, transferDetail } = await import(client('js/logic/transfer-progress.js'));

test('sizes read as people expect', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(1023), '1023 B');
  assert.equal(formatBytes(1024), '1.0 KB');
  assert.equal(formatBytes(50 * 1024 * 1024), '50 MB');
  assert.equal(formatBytes(5.5 * 1024 ** 3), '5.5 GB');
  assert.equal(formatBytes(3 * 1024 ** 5), '3072 TB');
});

test('speed and time left come from the bytes moved so far', () => {
  const { speed, secondsLeft } = rateAndEta({ bytes: 10_000_000, size: 50_000_000, startedAt: 1000 }, 3000);
  assert.equal(speed, 5_000_000);
  assert.equal(secondsLeft, 8);
});

test('a transfer that has not moved a byte says what it waits for', () => {
  assert.equal(transferDetail({ state: 'offered', bytes: 0 }, 0), 'Wants to send you this file');
  assert.equal(transferDetail({ state: 'waiting', bytes: 0 }, 0), 'Waiting for the other side');
  assert.equal(transferDetail({ state: 'failed', detail: 'The connection closed.' }, 0), 'The connection closed.');
});

test('a moving transfer shows progress, speed and time left', () => {
  const detail = transferDetail({ state: 'sending', bytes: 1024 * 1024, size: 4 * 1024 * 1024, startedAt: 0 }, 1000);
  assert.equal(detail, '1.0 MB of 4.0 MB · 1.0 MB/s · 3 s left');
});
