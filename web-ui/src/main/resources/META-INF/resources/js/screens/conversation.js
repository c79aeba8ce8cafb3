// The open conversation: its header (who, presence, call buttons) and the chat over the data
// channel, with delivery marks; its history is kept on this device (chat-history.js).

import { clearHistory, keepMessages, loadHistory } from '../chat-history.js';
import { DataSession, dataSessionWith } from '../data-session.js';
import { mergeMessages } from '../logic/chat-log.js';
import { confirmAction } from '../ui/dialog.js';
import { contactName, conversationWith } from '../store.js';
import { $, element } from '../ui/dom.js';
import { t } from '../ui/messages.js';
import { notify } from '../ui/notice.js';

const MAX_MESSAGE_LENGTH = 4000;

export function initConversation(store) {
  store.on('selected', () => {
    const { selected } = store.state;
    $('#empty-conversation').hidden = !!selected;
    $('#conversation-body').hidden = !selected;
    renderHead(store);
    renderChat(store);
    if (selected) {
      $('#chat-input').focus();
      showHistory(store, selected);
    }
  });
  store.on('contacts', () => renderHead(store));
  store.on('messages', (peerId) => {
    if (peerId === store.state.selected) renderChat(store);
  });
  store.on('data-message', ({ peerId, message }) => onDataMessage(store, peerId, message));
  store.on('data-offer', (frame) => DataSession.incoming(store, frame).catch((error) => console.error(error)));

  $('#chat-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = $('#chat-input').value.trim();
    const peerId = store.state.selected;
    if (!text || !peerId) return;
    const data = dataSessionWith(store, peerId);
    if (!data) return;
    const message = { t: 'msg', id: crypto.randomUUID(), text, at: Date.now() };
    const mine = { id: message.id, text, at: message.at, mine: true, delivered: false };
    conversationWith(store, peerId).messages.push(mine);
    keep(store, peerId, mine);
    data.send(message);
    $('#chat-input').value = '';
    store.changed('messages', peerId);
  });

  $('#clear-history').addEventListener('click', async () => {
    const peerId = store.state.selected;
    if (!peerId) return;
    const name = contactName(store, peerId);
    if (!(await confirmAction(t('chat.clear-confirm', { name }), t('chat.clear')))) return;
    conversationWith(store, peerId).messages = [];
    store.changed('messages', peerId);
    await clearHistory(store.state.user.id, peerId).catch((error) => console.error(error));
    notify(t('chat.cleared', { name }));
  });
}

/** Once per conversation and page: what this device kept, merged with what arrived since. */
function showHistory(store, peerId) {
  const conversation = conversationWith(store, peerId);
  if (conversation.historyShown) return;
  conversation.historyShown = true;
  loadHistory(store.state.user.id, peerId)
    .then((kept) => {
      conversation.messages = mergeMessages(kept, conversation.messages);
      store.changed('messages', peerId);
    })
    .catch((error) => console.error(error)); // no storage here: the chat lives in memory only
}

function keep(store, peerId, message) {
  keepMessages(store.state.user.id, peerId, [message]).catch((error) => console.error(error));
}

function onDataMessage(store, peerId, message) {
  const conversation = conversationWith(store, peerId);
  if (message.t === 'msg') {
    if (typeof message.text !== 'string' || message.text.length > MAX_MESSAGE_LENGTH) return;
    if (typeof message.id !== 'string' || typeof message.at !== 'number') return;
    // A message already here (sent again after a reconnect) is acknowledged, not shown twice.
    if (!conversation.messages.some((m) => m.id === message.id)) {
      const theirs = { id: message.id, text: message.text, at: message.at, mine: false };
      conversation.messages.push(theirs);
      keep(store, peerId, theirs);
    }
    conversation.data?.send({ t: 'delivered', id: message.id });
    if (store.state.selected !== peerId)
      notify(t('chat.from', { name: contactName(store, peerId), text: message.text.slice(0, 80) }), {
        context: peerId,
      });
    store.changed('messages', peerId);
  } else if (message.t === 'delivered') {
    const sent = conversation.messages.find((m) => m.id === message.id);
    if (sent) {
      sent.delivered = true;
      keep(store, peerId, sent);
    }
    store.changed('messages', peerId);
  } else if (typeof message.t === 'string' && message.t.startsWith('file-')) {
    store.changed('file-message', { peerId, message });
  }
}

function renderHead(store) {
  const contact = store.state.contacts.get(store.state.selected);
  if (!contact) return;
  $('#peer-name').textContent = contact.displayName;
  $('#peer-username').textContent = `@${contact.username}`;
  $('#peer-presence').textContent = contact.online ? 'online' : 'offline';
  $('#peer-presence').dataset.online = String(contact.online);
}

function renderChat(store) {
  const { selected } = store.state;
  if (!selected) return;
  const log = $('#chat-log');
  log.replaceChildren(
    ...conversationWith(store, selected).messages.map((message) =>
      element(
        'li',
        {
          class: message.mine ? 'mine' : '',
          dataset: { id: message.id, delivered: String(!!message.delivered) },
        },
        message.text,
        message.mine
          ? element(
              'span',
              { class: 'mark', title: message.delivered ? 'delivered' : 'sent' },
              element('span', { 'aria-hidden': 'true' }, message.delivered ? '✓✓' : '✓'),
              element('span', { class: 'visually-hidden' }, message.delivered ? 'delivered' : 'sent'),
            )
          : null,
      ),
    ),
  );
  log.scrollTop = log.scrollHeight;
}
