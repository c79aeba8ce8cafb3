// Short messages to the person ("toasts"). They sit at the bottom of the window, clear of the
// header, can be dismissed, and a message about a call or a conversation goes away when that
// context ends (dismissContext), so nothing stale stays on screen.

import { $, button, element } from './dom.js';

const SHOW_MS = 6000;
let timer = null;
let currentContext = null;

export function notify(message, { error = false, sticky = false, context = null, action = null } = {}) {
  const notice = $('#notice');
  const actions = action
    ? button(
        action.label,
        () => {
          hide();
          action.run();
        },
        { class: 'link', 'data-action': 'notice-action' },
      )
    : null;
  notice.replaceChildren(
    ...[
      element('span', { class: 'notice-text' }, message),
      actions,
      button('✕', hide, { class: 'notice-close', 'aria-label': 'Dismiss' }),
    ].filter(Boolean),
  );
  notice.classList.toggle('error', error);
  notice.setAttribute('role', error ? 'alert' : 'status');
  notice.hidden = false;
  currentContext = context;
  clearTimeout(timer);
  if (!sticky) timer = setTimeout(hide, action ? 2 * SHOW_MS : SHOW_MS);
}

/** Hides the notice if it is about `context` (a call id, a conversation, …). */
export function dismissContext(context) {
  if (context !== null && currentContext === context) hide();
}

export function hide() {
  clearTimeout(timer);
  currentContext = null;
  $('#notice').hidden = true;
}
