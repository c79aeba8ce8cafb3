// Settings → Email: which optional emails this account gets (notification-service's preferences),
// read when Settings opens and saved as each box changes.

import { $ } from '../ui/dom.js';
import { t } from '../ui/messages.js';

const PATH = '/api/notifications/preferences';

export class EmailPreferences {
  #session;
  #boxes;

  constructor(session) {
    this.#session = session;
    this.#boxes = [...document.querySelectorAll('#email-section input[data-preference]')];
    for (const box of this.#boxes) box.addEventListener('change', () => this.#save(box));
  }

  /** Reads the account's preferences into the boxes (disabled until they are known). */
  async open() {
    this.#setEnabled(false);
    $('#email-state').textContent = '';
    try {
      this.#show(await this.#session.request('GET', PATH));
      this.#setEnabled(true);
    } catch {
      $('#email-state').textContent = t('email.unavailable');
    }
  }

  async #save(box) {
    const wanted = box.checked;
    box.disabled = true;
    try {
      this.#show(await this.#session.request('PUT', PATH, { [box.dataset.preference]: wanted }));
      $('#email-state').textContent = t(wanted ? 'email.on' : 'email.off', { what: box.dataset.what });
    } catch {
      box.checked = !wanted;
      $('#email-state').textContent = t('email.not-saved');
    } finally {
      box.disabled = false;
    }
  }

  #show(preferences) {
    for (const box of this.#boxes) box.checked = preferences?.[box.dataset.preference] !== false;
  }

  #setEnabled(enabled) {
    for (const box of this.#boxes) box.disabled = !enabled;
  }
}
