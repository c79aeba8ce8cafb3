// The open conversation: its header (who, presence, call buttons) and the chat: over the data
// channel while both are online, through the server (kept until they are back) for a contact who
// is away, with sent, delivered and read marks; its history is kept on this device
// (chat-history.js).

import { clearHistory, keepMessages, loadHistory } from '../chat-history.js';
import { DataSession, dataSessionWith } from '../data-session.js';
import { mergeMessages, withMarksOf } from '../logic/chat-log.js';
import { MAX_TEXT_LENGTH, deliveryState, receiptFrames, receivedMessage, sealBody } from '../logic/relayed-message.js';
import { confirmAction } from '../ui/dialog.js';
import { contactName, conversationWith } from '../store.js';
import { $, element } from '../ui/dom.js';
import { t } from '../ui/messages.js';
import { notify } from '../ui/notice.js';

// Delivered receipts of messages arriving together (a catch-up) go in one frame.
const RECEIPT_DELAY_MS = 200;
const MARK_TEXT = { sending: '…', sent: '✓', delivered: '✓✓', read: '✓✓', failed: '!' };

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
      markRead(store, selected);
    }
  });
  document.addEventListener('visibilitychange', () => markRead(store, store.state.selected));
  store.on('relayed', (frame) => onRelayed(store, frame).catch((error) => console.error(error)));
  store.on('signal-accepted', ({ frame }) => {
    if (frame.type === 'message') updateMine(store, frame.to, [frame.messageId], { stored: true });
  });
  store.on('message-refused', ({ frame, reason }) => {
    updateMine(store, frame.to, [frame.messageId], { failed: true });
    notify(t('chat.not-sent', { reason }), { error: true });
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
    // Someone away gets it through the server, kept until they are back; otherwise peer-to-peer.
    const away = !store.state.contacts.get(peerId)?.online;
    const data = away ? null : dataSessionWith(store, peerId);
    if (!away && !data) return;
    const message = { t: 'msg', id: crypto.randomUUID(), text, at: Date.now() };
    const mine = { id: message.id, text, at: message.at, mine: true, delivered: false, relayed: away };
    conversationWith(store, peerId).messages.push(mine);
    keep(store, peerId, mine);
    if (away) {
      store.state.signaling?.send({ type: 'message', to: peerId, messageId: message.id, body: sealBody(message) });
    } else {
      data.send(message);
    }
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
      markRead(store, peerId);
    })
    .catch((error) => console.error(error)); // no storage here: the chat lives in memory only
}

/** A relayed message from a contact, or a receipt for one of mine. */
async function onRelayed(store, frame) {
  const peerId = frame.from?.userId;
  if (!peerId || store.state.contacts.get(peerId)?.state !== 'ACCEPTED') return;
  if (frame.type === 'message-receipt') {
    const marks = frame.state === 'read' ? { delivered: true, read: true } : { delivered: true };
    await updateMine(store, peerId, frame.messageIds || [], marks);
    return;
  }
  const theirs = receivedMessage(frame);
  if (!theirs) return;
  const conversation = conversationWith(store, peerId);
  if (!conversation.messages.some((m) => m.id === theirs.id)) {
    conversation.messages.push(theirs);
    keep(store, peerId, theirs);
  }
  queueDelivered(store, peerId, theirs.id);
  if (store.state.selected !== peerId)
    notify(t('chat.from', { name: contactName(store, peerId), text: theirs.text.slice(0, 80) }), { context: peerId });
  store.changed('messages', peerId);
  markRead(store, peerId);
}

/**
 * Marks messages of mine with `peerId` (stored, delivered, read, failed). One not shown on this page
 * yet is updated where it is kept, so the mark is there when the conversation opens.
 */
async function updateMine(store, peerId, ids, marks) {
  const conversation = conversationWith(store, peerId);
  const wanted = new Set(ids);
  const changed = [];
  for (const [index, message] of conversation.messages.entries()) {
    if (!message.mine || !wanted.delete(message.id)) continue;
    conversation.messages[index] = withMarksOf(message, marks);
    changed.push(conversation.messages[index]);
  }
  if (wanted.size > 0 && !conversation.historyShown) {
    const kept = await loadHistory(store.state.user.id, peerId).catch(() => []);
    for (const message of kept) {
      if (message.mine && wanted.has(message.id)) changed.push(withMarksOf(message, marks));
    }
  }
  if (changed.length === 0) return;
  keepMessages(store.state.user.id, peerId, changed).catch((error) => console.error(error));
  store.changed('messages', peerId);
}

const pendingDelivered = new Map(); // peerId → message ids to acknowledge

function queueDelivered(store, peerId, id) {
  if (!pendingDelivered.has(peerId)) {
    pendingDelivered.set(peerId, []);
    setTimeout(() => {
      const ids = pendingDelivered.get(peerId);
      pendingDelivered.delete(peerId);
      for (const frame of receiptFrames(peerId, ids, 'delivered')) store.state.signaling?.send(frame);
    }, RECEIPT_DELAY_MS);
  }
  pendingDelivered.get(peerId).push(id);
}

/** Tells the sender that their relayed messages were read, once, while the conversation is in view. */
function markRead(store, peerId) {
  if (!peerId || store.state.selected !== peerId || document.visibilityState !== 'visible') return;
  const unread = conversationWith(store, peerId).messages.filter((m) => !m.mine && m.relayed && !m.readSent);
  if (unread.length === 0) return;
  for (const message of unread) message.readSent = true;
  keepMessages(store.state.user.id, peerId, unread).catch((error) => console.error(error));
  for (const frame of receiptFrames(
    peerId,
    unread.map((m) => m.id),
    'read',
  ))
    store.state.signaling?.send(frame);
}

function keep(store, peerId, message) {
  keepMessages(store.state.user.id, peerId, [message]).catch((error) => console.error(error));
}

function onDataMessage(store, peerId, message) {
  const conversation = conversationWith(store, peerId);
  if (message.t === 'msg') {
    if (typeof message.text !== 'string' || message.text.length > MAX_TEXT_LENGTH) return;
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
  // Where a message goes: straight to them, or to the server to wait for them.
  $('#chat-input').placeholder = contact.online
    ? t('chat.placeholder')
    : t('chat.placeholder-away', { name: contact.displayName });
}

function renderChat(store) {
  const { selected } = store.state;
  if (!selected) return;
  const log = $('#chat-log');
  log.replaceChildren(
    ...conversationWith(store, selected).messages.map((message) => {
      const state = message.mine ? deliveryState(message) : null;
      return element(
        'li',
        {
          class: message.mine ? 'mine' : '',
          dataset: { id: message.id, delivered: String(!!message.delivered), state },
        },
        message.text,
        message.mine
          ? element(
              'span',
              { class: `mark ${state}`, title: t(`chat.state-${state}`) },
              element('span', { 'aria-hidden': 'true' }, MARK_TEXT[state]),
              element('span', { class: 'visually-hidden' }, t(`chat.state-${state}`)),
            )
          : null,
      );
    }),
  );
  log.scrollTop = log.scrollHeight;
}
