// A confirmation asked in the page (a modal <dialog>), for actions that are hard to take back.

import { $ } from './dom.js';

/** Resolves true when the person confirms, false when they cancel or press Escape. */
export function confirmAction(message, confirmLabel) {
  const dialog = $('#confirm');
  $('#confirm-text').textContent = message;
  $('#confirm-ok').textContent = confirmLabel;
  return new Promise((resolve) => {
    const done = (answer) => {
      dialog.removeEventListener('close', onClose);
      if (dialog.open) dialog.close();
      resolve(answer);
    };
    const onClose = () => done(dialog.returnValue === 'ok');
    dialog.returnValue = '';
    dialog.addEventListener('close', onClose);
    dialog.showModal();
    $('#confirm-cancel').focus();
  });
}
