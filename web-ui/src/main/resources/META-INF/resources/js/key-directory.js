// The key directory as this page reads it (issue 19): a person's devices and their public keys,
// listed by auth-service to the person and their contacts. Kept per person until a keys-changed
// says otherwise (or a call asks for them afresh); keys are imported into WebCrypto once.

import { fromBase64 } from './logic/sealed-signal.js';

const SIGNING = { name: 'ECDSA', namedCurve: 'P-256' };
const AGREEMENT = { name: 'ECDH', namedCurve: 'P-256' };

export class KeyDirectory {
  #session;
  #lists = new Map(); // userId → promise of [{deviceId, signingKey, agreementKey}] (base64 SPKI)
  #imported = new Map(); // algorithm and base64 SPKI → promise of the CryptoKey

  constructor(session) {
    this.#session = session;
  }

  /** The devices of `userId` as the directory lists them (none is an empty list). */
  devices(userId) {
    if (!this.#lists.has(userId)) {
      const listed = this.#session.request('GET', `/api/keys/users/${userId}`).then((answer) => answer.devices);
      listed.catch(() => this.#lists.delete(userId));
      this.#lists.set(userId, listed);
    }
    return this.#lists.get(userId);
  }

  /** Reads `userId`'s devices afresh next time (their keys changed, or a call wants certainty). */
  forget(userId) {
    this.#lists.delete(userId);
  }

  /** The agreement keys of every device of `userId`, to seal a frame for them. */
  async recipients(userId) {
    const devices = await this.devices(userId);
    return Promise.all(
      devices.map(async ({ deviceId, agreementKey }) => ({
        deviceId,
        agreementKey: await this.#import(agreementKey, AGREEMENT, []),
      })),
    );
  }

  /**
   * The signing key of `userId`'s device `deviceId`, or null if the directory does not list it. A
   * device not known yet (it joined since the list was read) is looked up once more.
   */
  async signingKey(userId, deviceId) {
    let device = (await this.devices(userId)).find((entry) => entry.deviceId === deviceId);
    if (!device) {
      this.forget(userId);
      device = (await this.devices(userId)).find((entry) => entry.deviceId === deviceId);
    }
    return device ? this.#import(device.signingKey, SIGNING, ['verify']) : null;
  }

  #import(spki, algorithm, usages) {
    const key = `${algorithm.name}:${spki}`;
    if (!this.#imported.has(key)) {
      this.#imported.set(key, globalThis.crypto.subtle.importKey('spki', fromBase64(spki), algorithm, false, usages));
    }
    return this.#imported.get(key);
  }
}
