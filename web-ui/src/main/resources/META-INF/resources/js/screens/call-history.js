// Calls: this device's call history (incoming, outgoing and missed, with duration) in a dialog
// opened from the top bar, whose button carries a badge with the calls missed since it was last
// opened. Kept in localStorage per account; nothing of it leaves the browser.

import { callRecord, missedSince, outcomeKey, parseHistory, withRecord } from '../logic/call-history.js';
import { formatDuration } from '../logic/call-ui.js';
import { contactName } from '../store.js';
import { $, button, element } from '../ui/dom.js';
import { t } from '../ui/messages.js';

export class CallHistoryScreen {
  #store;
  #callBack;
  #list = [];
  #seenAt = 0;

  /** `callBack(peerId, media)` places a call (the call screen's start). */
  constructor(store, callBack) {
    this.#store = store;
    this.#callBack = callBack;
    store.on('call-record', (fields) => this.#add(callRecord(fields)));
    store.on('contacts', () => this.#draw());
    $('#calls-button').addEventListener('click', () => this.open());
  }

  /** Reads the signed-in account's history on this device. */
  start() {
    this.#list = parseHistory(this.#read('calls'));
    this.#seenAt = Number(this.#read('calls-seen')) || 0;
    this.#draw();
  }

  stop() {
    this.#list = [];
    this.#seenAt = 0;
    this.#draw();
  }

  open() {
    this.#seenAt = Date.now();
    this.#write('calls-seen', String(this.#seenAt));
    this.#draw();
    $('#calls').showModal();
  }

  #add(entry) {
    if (!this.#store.state.user) return;
    this.#list = withRecord(this.#list, entry);
    this.#write('calls', JSON.stringify(this.#list));
    // Seen at once when the history is open as it happens.
    if ($('#calls').open) this.#seenAt = Date.now();
    this.#draw();
  }

  #draw() {
    const missed = missedSince(this.#list, this.#seenAt);
    const badge = $('#missed-badge');
    badge.hidden = missed === 0;
    badge.textContent = String(missed);
    $('#calls-button').setAttribute(
      'aria-label',
      missed ? t('history.button-missed', { count: missed }) : t('history.button'),
    );
    $('#calls-empty').hidden = this.#list.length > 0;
    $('#call-list').replaceChildren(...this.#list.map((entry) => this.#row(entry)));
  }

  #row(entry) {
    const name = contactName(this.#store, entry.peerId);
    const when = new Date(entry.startedAt).toLocaleString([], {
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    });
    const canCall = this.#store.state.contacts.get(entry.peerId)?.state === 'ACCEPTED';
    return element(
      'li',
      { class: 'call-entry', dataset: { outcome: entry.outcome, direction: entry.direction } },
      element('span', { class: 'call-entry-name' }, name),
      element('span', { class: 'call-entry-what' }, t(outcomeKey(entry), { media: t(`history.${entry.media}`) })),
      element(
        'span',
        { class: 'call-entry-when' },
        element('time', { datetime: new Date(entry.startedAt).toISOString() }, when),
        entry.durationMs
          ? element('span', { class: 'call-entry-duration' }, ` · ${formatDuration(entry.durationMs)}`)
          : null,
      ),
      canCall
        ? button(
            t('call.call-back'),
            () => {
              $('#calls').close();
              this.#callBack(entry.peerId, entry.media);
            },
            { 'aria-label': t('history.call-back', { name }) },
          )
        : null,
    );
  }

  #key(what) {
    return `cybernet.${what}.${this.#store.state.user?.id}`;
  }

  #read(what) {
    try {
      return localStorage.getItem(this.#key(what));
    } catch {
      return null;
    }
  }

  #write(what, value) {
    try {
      localStorage.setItem(this.#key(what), value);
    } catch {
      // Storage full or denied: the history lasts as long as the page.
    }
  }
}
