// Verifying a contact's keys (issue 19): the safety number of you and a contact, to compare in person
// or on another channel and mark verified on this device. The conversation header and the call
// screen say whether the contact is verified; a contact whose keys changed since is flagged before
// the next call: a confirmation for a verified contact, a notice for the others.

import { safetyQrModules } from '../logic/safety-qr.js';
import { safetyNumber, verificationState } from '../logic/safety-number.js';
import { contactName } from '../store.js';
import { confirmAction } from '../ui/dialog.js';
import { $ } from '../ui/dom.js';
import { t } from '../ui/messages.js';
import { notify } from '../ui/notice.js';

export class VerificationPanel {
  #store;
  #directory;
  #registration; // this device's place in the key directory ({registered()})
  #shown = null; // {peerId, number} in the dialog
  #numbers = new Map(); // both sides' keys → promise of the safety number (5,200 hashes a side)

  /** `directory` is the page's KeyDirectory (forgotten per person on keys-changed by the app). */
  constructor(store, directory) {
    this.#store = store;
    this.#directory = directory;
    $('#verify-contact').addEventListener('click', () => this.open(store.state.selected));
    $('#mark-verified').addEventListener('click', () => this.#markVerified(true));
    $('#clear-verified').addEventListener('click', () => this.#markVerified(false));
    store.on('selected', () => this.#drawHeader(store.state.selected));
    store.on('keys-changed', (userId) => {
      if (userId === store.state.selected || userId === store.state.user?.id) this.#drawHeader(store.state.selected);
    });
    store.on('call', () => this.#drawCall());
  }

  /** Starts with this device's registration (the safety number needs its keys in the directory). */
  start(registration) {
    this.#registration = registration;
  }

  /** The safety number with `peerId` and its state on this device. */
  async status(peerId) {
    await this.#registration?.registered().catch(() => null);
    const me = this.#store.state.user.id;
    const [mine, theirs] = await Promise.all([this.#signingKeys(me), this.#signingKeys(peerId)]);
    const number = mine.length && theirs.length ? await this.#number(me, mine, peerId, theirs) : null;
    return { number, state: verificationState(number, this.#read('verified', peerId), this.#read('seen', peerId)) };
  }

  /**
   * Before a call to `peerId`: true to place it. A verified contact whose keys changed asks first;
   * new keys of an unverified contact are said once.
   */
  async beforeCall(peerId) {
    // Read afresh: a page on long-poll hears no keys-changed, and a call is where a swapped key
    // matters (the number itself is cached per set of keys, so this costs one request a side).
    this.#directory.forget(peerId);
    this.#directory.forget(this.#store.state.user?.id);
    let status;
    try {
      status = await this.status(peerId);
    } catch {
      return true; // the directory is unreachable: the call's own checks still apply
    }
    const name = contactName(this.#store, peerId);
    if (status.state === 'changed') {
      if (!(await confirmAction(t('verify.changed-confirm', { name }), t('verify.call-anyway')))) return false;
    } else if (status.state === 'new-keys') {
      notify(t('verify.new-keys', { name }), { context: peerId });
    }
    if (status.number) this.#write('seen', peerId, status.number);
    return true;
  }

  async open(peerId) {
    if (!peerId) return;
    const name = contactName(this.#store, peerId);
    $('#safety-title').textContent = t('verify.title', { name });
    $('#safety-number').textContent = '…';
    $('#safety-qr').hidden = true;
    $('#safety').showModal();
    try {
      const { number, state } = await this.status(peerId);
      this.#shown = { peerId, number };
      $('#safety-number').textContent = number ?? t('verify.unavailable', { name });
      if (number) drawQr($('#safety-qr'), safetyQrModules(number));
      this.#drawDialog(state, name);
    } catch {
      $('#safety-number').textContent = t('verify.unreachable');
    }
  }

  #markVerified(verified) {
    const { peerId, number } = this.#shown ?? {};
    if (!peerId || !number) return;
    if (verified) {
      this.#write('verified', peerId, number);
      this.#write('seen', peerId, number);
    } else {
      this.#write('verified', peerId, null);
    }
    const name = contactName(this.#store, peerId);
    this.#drawDialog(verificationState(number, this.#read('verified', peerId), number), name);
    this.#drawHeader(peerId);
  }

  #drawDialog(state, name) {
    $('#safety-state').textContent = t(`verify.state-${state}`, { name });
    $('#safety-state').dataset.state = state;
    $('#mark-verified').hidden = !['unverified', 'new-keys', 'changed'].includes(state);
    $('#clear-verified').hidden = state !== 'verified';
  }

  async #drawHeader(peerId) {
    const badge = $('#peer-verified');
    badge.hidden = true;
    if (!peerId) return;
    let state;
    try {
      ({ state } = await this.status(peerId));
    } catch {
      return;
    }
    if (this.#store.state.selected !== peerId) return;
    badge.dataset.state = state;
    badge.textContent = t(`verify.badge-${state}`);
    badge.hidden = !['verified', 'changed', 'new-keys'].includes(state);
  }

  /** The call screen says what the conversation says: verified, or keys changed since. */
  async #drawCall() {
    const label = $('#call-verified');
    const call = this.#store.state.call;
    if (!call) {
      label.hidden = true;
      return;
    }
    let state;
    try {
      ({ state } = await this.status(call.peerId));
    } catch {
      return;
    }
    if (this.#store.state.call !== call) return;
    label.dataset.state = state;
    label.textContent = t(`verify.badge-${state}`);
    label.hidden = !['verified', 'changed'].includes(state);
  }

  async #signingKeys(userId) {
    return (await this.#directory.devices(userId)).map((device) => device.signingKey);
  }

  #number(me, mine, peerId, theirs) {
    const key = JSON.stringify([me, [...mine].sort(), peerId, [...theirs].sort()]);
    if (!this.#numbers.has(key)) {
      this.#numbers.set(key, safetyNumber({ userId: me, signingKeys: mine }, { userId: peerId, signingKeys: theirs }));
    }
    return this.#numbers.get(key);
  }

  #key(what, peerId) {
    return `cybernet.${what}.${this.#store.state.user?.id}.${peerId}`;
  }

  #read(what, peerId) {
    try {
      return localStorage.getItem(this.#key(what, peerId));
    } catch {
      return null;
    }
  }

  #write(what, peerId, value) {
    try {
      if (value === null) localStorage.removeItem(this.#key(what, peerId));
      else localStorage.setItem(this.#key(what, peerId), value);
    } catch {
      // Storage refused: verification lasts as long as the page.
    }
  }
}

// Dark modules on white whatever the theme (scanners need the contrast), with a quiet zone.
const QR_SCALE = 4;
const QR_QUIET = 4;

function drawQr(canvas, modules) {
  const side = (modules.length + 2 * QR_QUIET) * QR_SCALE;
  canvas.width = side;
  canvas.height = side;
  const context = canvas.getContext('2d');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, side, side);
  context.fillStyle = '#000';
  modules.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) context.fillRect((x + QR_QUIET) * QR_SCALE, (y + QR_QUIET) * QR_SCALE, QR_SCALE, QR_SCALE);
    }),
  );
  canvas.hidden = false;
}
