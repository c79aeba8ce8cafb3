// The sidebar: finding people, requests, and contacts with their presence. Contact changes arrive
// pushed over signaling ('contacts-changed'); a slow poll only covers what a push could miss.
// Removing a contact waits a few seconds with an Undo before it is sent, and blocking asks first.

import { $, button, element, redrawWhenReleased, renderKeyed } from '../ui/dom.js';
import { confirmAction } from '../ui/dialog.js';
import { t } from '../ui/messages.js';
import { notify } from '../ui/notice.js';

const POLL_MS = 30_000;
const POLL_WITHOUT_SOCKET_MS = 5_000;
export const UNDO_REMOVE_MS = 8_000;

export class ContactsScreen {
  #store;
  #session;
  #pollTimer = null;
  #pendingRemovals = new Map(); // userId → timer
  #redraw;

  constructor(store, session) {
    this.#store = store;
    this.#session = session;
    this.#redraw = redrawWhenReleased([$('#contacts'), $('#requests')], () => this.#draw());
    store.on('contacts', () => this.render());
    store.on('selected', () => this.render());
    $('#search-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.#search();
    });
    window.addEventListener('pagehide', () => this.flushRemovals());
  }

  /** Loads the list and keeps it current; resolves when the first load is done. */
  start() {
    this.#schedulePoll();
    return this.refresh();
  }

  stop() {
    clearTimeout(this.#pollTimer);
    this.flushRemovals();
    $('#contacts').replaceChildren();
    $('#requests').replaceChildren();
    $('#search-results').replaceChildren();
  }

  /** After a transport change: a socket brings pushes, long-poll needs the faster poll. */
  #schedulePoll() {
    clearTimeout(this.#pollTimer);
    const every = this.#store.state.signaling?.mode === 'websocket' ? POLL_MS : POLL_WITHOUT_SOCKET_MS;
    this.#pollTimer = setTimeout(() => {
      this.refresh();
      this.#schedulePoll();
    }, every);
  }

  transportChanged() {
    this.#schedulePoll();
  }

  async refresh() {
    let contacts;
    try {
      contacts = await this.#session.request('GET', '/api/contacts');
    } catch {
      return;
    }
    const { state } = this.#store;
    const before = new Set([...state.contacts.values()].filter((c) => c.state === 'ACCEPTED').map((c) => c.userId));
    const next = new Map();
    for (const contact of contacts)
      next.set(contact.userId, { ...contact, online: state.contacts.get(contact.userId)?.online ?? false });
    state.contacts = next;
    if (contacts.some((c) => c.state === 'ACCEPTED' && !before.has(c.userId))) {
      // A new contact's presence is only in a fresh welcome (presence frames carry changes).
      state.signaling?.refreshWelcome().catch(() => {});
    }
    this.#store.changed('contacts');
  }

  setPresence(userId, online) {
    this.#store.update('contacts', (state) => {
      const contact = state.contacts.get(userId);
      if (contact) contact.online = online;
      else state.contacts.set(userId, { userId, online, state: 'ACCEPTED', username: '', displayName: '' });
    });
  }

  async #request(method, path, success) {
    try {
      await this.#session.request(method, path);
      if (success) notify(success);
    } catch (error) {
      notify(error.message, { error: true });
    }
    this.refresh();
  }

  async #block(contact) {
    if (!(await confirmAction(t('contacts.confirm-block', { name: contact.displayName }), 'Block'))) return;
    this.#request('PUT', `/api/contacts/${contact.userId}/block`, t('contacts.blocked', { name: contact.displayName }));
  }

  /** Hidden at once; sent after UNDO_REMOVE_MS unless the person undoes it. */
  #remove(contact) {
    clearTimeout(this.#pendingRemovals.get(contact.userId));
    this.#pendingRemovals.set(
      contact.userId,
      setTimeout(() => this.#commitRemoval(contact.userId), UNDO_REMOVE_MS),
    );
    if (this.#store.state.selected === contact.userId)
      this.#store.update('selected', (state) => {
        state.selected = null;
      });
    this.render();
    notify(t('contacts.removed', { name: contact.displayName }), {
      context: `remove:${contact.userId}`,
      action: { label: t('contacts.undo'), run: () => this.#undoRemoval(contact) },
    });
  }

  #undoRemoval(contact) {
    clearTimeout(this.#pendingRemovals.get(contact.userId));
    this.#pendingRemovals.delete(contact.userId);
    this.render();
    notify(t('contacts.remove-kept', { name: contact.displayName }));
  }

  #commitRemoval(userId) {
    this.#pendingRemovals.delete(userId);
    this.#request('DELETE', `/api/contacts/${userId}`);
  }

  /** Sends the removals still waiting for their undo window (the page is closing or signing out). */
  flushRemovals() {
    for (const [userId, timer] of this.#pendingRemovals) {
      clearTimeout(timer);
      fetch(`/api/contacts/${userId}`, {
        method: 'DELETE',
        keepalive: true,
        headers: { Authorization: `Bearer ${this.#session.accessToken}` },
      }).catch(() => {});
    }
    this.#pendingRemovals.clear();
  }

  /** Draws the lists, once no pointer is pressed on them. */
  render() {
    this.#redraw();
  }

  #draw() {
    const { contacts, selected } = this.#store.state;
    const accepted = [];
    const requests = [];
    for (const contact of contacts.values()) {
      if (!contact.username || this.#pendingRemovals.has(contact.userId)) continue;
      if (contact.state === 'ACCEPTED') accepted.push(contact);
      else requests.push(contact);
    }
    accepted.sort((a, b) => Number(b.online) - Number(a.online) || a.username.localeCompare(b.username));
    renderKeyed($('#contacts'), accepted, {
      key: (contact) => contact.userId,
      signature: (contact) =>
        JSON.stringify([contact.displayName, contact.username, contact.online, contact.userId === selected]),
      build: (contact) => this.#contactRow(contact, contact.userId === selected),
    });
    $('#no-contacts').hidden = accepted.length > 0;
    $('#requests-heading').hidden = requests.length === 0;
    renderKeyed($('#requests'), requests, {
      key: (contact) => contact.userId,
      signature: (contact) => JSON.stringify([contact.displayName, contact.username, contact.state]),
      build: (contact) => this.#requestRow(contact),
    });
  }

  #contactRow(contact, isSelected) {
    const presence = contact.online ? 'online' : 'offline';
    return element(
      'li',
      {
        class: isSelected ? 'selected' : '',
        dataset: { userId: contact.userId, username: contact.username, online: String(contact.online) },
      },
      element('span', { class: `dot${contact.online ? ' online' : ''}`, 'aria-hidden': 'true' }),
      element(
        'button',
        {
          type: 'button',
          class: 'name',
          'aria-current': isSelected ? 'true' : null,
          onclick: () =>
            this.#store.update('selected', (state) => {
              state.selected = contact.userId;
            }),
        },
        element('span', { class: 'display-name' }, contact.displayName),
        element('small', {}, `@${contact.username} · ${presence}`),
      ),
      element(
        'details',
        { class: 'menu' },
        element('summary', { 'aria-label': `More for ${contact.displayName}`, title: 'More' }, '⋯'),
        element(
          'div',
          { class: 'menu-items' },
          button('Remove', () => this.#remove(contact), { 'data-action': 'remove' }),
          button('Block', () => this.#block(contact), { 'data-action': 'block', class: 'danger-text' }),
        ),
      ),
    );
  }

  #requestRow(contact) {
    const path = `/api/contacts/${contact.userId}`;
    const actions =
      {
        INCOMING: [
          button(
            'Accept',
            () => this.#request('POST', `${path}/accept`, t('contacts.now-contacts', { name: contact.displayName })),
            { class: 'primary' },
          ),
          button('Decline', () => this.#request('POST', `${path}/decline`)),
          button('Block', () => this.#block(contact), { class: 'danger-text' }),
        ],
        OUTGOING: [button('Cancel', () => this.#request('DELETE', path))],
        BLOCKED: [button('Unblock', () => this.#request('DELETE', `${path}/block`))],
      }[contact.state] || [];
    const label =
      { INCOMING: t('contacts.wants'), OUTGOING: t('contacts.sent'), BLOCKED: t('contacts.is-blocked') }[
        contact.state
      ] || '';
    return element(
      'li',
      { class: 'request', dataset: { userId: contact.userId, username: contact.username, state: contact.state } },
      element(
        'span',
        { class: 'name' },
        element('span', { class: 'display-name' }, contact.displayName),
        element('small', {}, `@${contact.username} · ${label}`),
      ),
      element('span', { class: 'actions' }, ...actions),
    );
  }

  async #search() {
    const query = $('#search-input').value.trim().toLowerCase();
    if (query.length < 2) {
      notify(t('contacts.search-short'));
      return;
    }
    try {
      const users = await this.#session.request('GET', `/api/users/search?q=${encodeURIComponent(query)}`);
      $('#search-results').replaceChildren(
        ...users.map((user) =>
          element(
            'li',
            { class: 'request', dataset: { username: user.username } },
            element(
              'span',
              { class: 'name' },
              element('span', { class: 'display-name' }, user.displayName),
              element('small', {}, `@${user.username}`),
            ),
            element(
              'span',
              { class: 'actions' },
              button('Add', () => this.#add(user), { class: 'primary' }),
            ),
          ),
        ),
      );
      if (!users.length) notify(t('contacts.search-none', { query }));
    } catch (error) {
      notify(error.message, { error: true });
    }
  }

  async #add(user) {
    try {
      const relation = await this.#session.request('POST', '/api/contacts/requests', { username: user.username });
      notify(
        t(relation.state === 'ACCEPTED' ? 'contacts.now-contacts' : 'contacts.request-sent', {
          name: user.displayName,
        }),
      );
      $('#search-results').replaceChildren();
      $('#search-input').value = '';
    } catch (error) {
      notify(error.message, { error: true });
    }
    this.refresh();
  }
}
