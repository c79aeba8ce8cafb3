// Settings: privacy (relay only), your devices' keys, camera and microphone, email, joining a
// provider account and call alerts, in a dialog rather than the top bar.

import { DevicesPanel } from './devices.js';
import { EmailPreferences } from './email-preferences.js';
import { $ } from '../ui/dom.js';
import { t } from '../ui/messages.js';
import { notify } from '../ui/notice.js';

const RELAY_ONLY_KEY = 'cybernet.relayOnly';

/** `keyDevices` is the Your devices panel (it needs the key directory the app shares). */
export function initSettings(store, session, keyDevices) {
  store.state.settings.relayOnly = localStorage.getItem(RELAY_ONLY_KEY) === 'true';
  const dialog = $('#settings');
  const devices = new DevicesPanel(store);
  const email = new EmailPreferences(session);
  $('#settings-button').addEventListener('click', () => {
    $('#relay-only').checked = store.state.settings.relayOnly;
    $('#notifications-button').hidden = !('Notification' in window) || Notification.permission !== 'default';
    $('#alerts-state').textContent = alertsState();
    dialog.showModal();
    // During a call the call has the camera; the preview would only compete with it.
    if (!store.state.call) devices.open().catch((error) => console.error(error));
    email.open();
    keyDevices.open().catch((error) => console.error(error));
  });
  dialog.addEventListener('close', () => devices.close());
  $('#relay-only').addEventListener('change', (event) => {
    const relayOnly = event.target.checked;
    localStorage.setItem(RELAY_ONLY_KEY, String(relayOnly));
    store.update('settings', (state) => {
      state.settings.relayOnly = relayOnly;
    });
    notify(t(relayOnly ? 'settings.relay-on' : 'settings.relay-off'));
  });
  $('#notifications-button').addEventListener('click', async () => {
    const permission = await Notification.requestPermission();
    $('#notifications-button').hidden = permission !== 'default';
    $('#alerts-state').textContent = alertsState();
    if (permission === 'denied') notify(t('settings.alerts-blocked'));
  });
}

function alertsState() {
  if (!('Notification' in window)) return 'This browser cannot show call alerts.';
  return {
    granted: 'On: incoming calls show a system notification when this tab is in the background.',
    denied: 'Blocked in the browser settings.',
    default: 'Off.',
  }[Notification.permission];
}
