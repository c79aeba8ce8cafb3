// Shared by the sealing tests: what a refused payload was refused for.
import assert from 'node:assert/strict';
import { client } from './client-paths.mjs';

const { SealError } = await import(client('js/logic/sealed-signal.js'));

/** The reason `promise` was refused with (a SealError); fails the test if it was not refused. */
export async function refusal(promise) {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof SealError, `a SealError, not ${error}`);
    return error.reason;
  }
  assert.fail('opened what it should have refused');
}
