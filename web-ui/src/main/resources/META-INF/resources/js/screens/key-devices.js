// Settings → Your devices: the browsers whose keys the key directory lists for this account, so
// contacts seal calls and messages for them. This one is marked; one no longer used (a lost phone,
// a browser whose data was cleared) can be removed, after which nothing new is sealed for it.

import { confirmAction } from '../ui/dialog.js';
import { $, button, element } from '../ui/dom.js';
import { t } from '../ui/messages.js';
import { notify } from '../ui/notice.js';

export class KeyDevicesPanel {
  #store;
  #session;
  #directory;
  #registration = null;

  constructor(store, session, directory) {
    this.#store = store;
    this.#session = session;
    this.#directory = directory;
    store.on('keys-changed', (userId) => {
      if (userId === store.state.user?.id && $('#settings').open) this.open();
    });
  }

  /** Starts with this device's registration (`{registered()}`). */
  start(registration) {
    this.#registration = registration;
  }

  /** Lists the account's devices, newest first. */
  async open() {
    const list = $('#key-devices');
    const me = this.#store.state.user?.id;
    if (!me) return;
    $('#key-devices-state').textContent = '';
    this.#directory.forget(me);
    let devices;
    let own;
    try {
      [devices, own] = await Promise.all([
        this.#directory.devices(me),
        this.#registration?.registered().then(
          (identity) => identity.deviceId,
          () => null,
        ),
      ]);
    } catch {
      list.replaceChildren();
      $('#key-devices-state').textContent = t('verify.unreachable');
      return;
    }
    const newestFirst = [...devices].sort((a, b) => Date.parse(b.addedAt) - Date.parse(a.addedAt));
    list.replaceChildren(...newestFirst.map((device) => this.#entry(device, device.deviceId === own)));
    if (!own) $('#key-devices-state').textContent = t('keys.this-not-listed');
  }

  #entry(device, thisOne) {
    const added = new Date(device.addedAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
    return element(
      'li',
      { class: 'key-device', dataset: { device: device.deviceId, this: String(thisOne) } },
      element('span', { class: 'key-device-name' }, t(thisOne ? 'keys.this-browser' : 'keys.other-browser')),
      element('span', { class: 'key-device-when' }, t('keys.added', { when: added })),
      thisOne
        ? null
        : button(t('keys.remove'), () => this.#remove(device.deviceId), {
            class: 'ghost',
            'aria-label': t('keys.remove-label', { when: added }),
          }),
    );
  }

  async #remove(deviceId) {
    if (!(await confirmAction(t('keys.remove-confirm'), t('keys.remove')))) return;
    try {
      await this.#session.request('DELETE', `/api/keys/devices/${deviceId}`);
      notify(t('keys.removed'));
      // A browser that was refused for having too many devices takes the place now free.
      await this.#registration?.registered().catch(() => null);
    } catch (error) {
      notify(error.message || t('verify.unreachable'), { error: true });
    }
    await this.open();
  }
}
