// Cybernet Call client: accounts, contacts and presence, calls, chat and files. Media, chat and
// files go peer-to-peer; the servers only see signaling.

import { ApiError, Session, publicPost } from './api.js';
import { Signaling } from './signaling.js';
import { PeerLink } from './peer.js';
import { ringback, ringtone } from './sounds.js';
import {
  MAX_IN_MEMORY_BYTES, STREAM_TO_DISK_ABOVE_BYTES, formatBytes, hashWholeFile, receiveFile, sendFile, transferIdOf,
} from './files.js';

const $ = (selector) => document.querySelector(selector);
const CONTACTS_REFRESH_MS = 5000;
const RELAY_ONLY_KEY = 'cybernet.relayOnly';

const session = new Session();
const state = {
  signaling: null,
  iceServers: [],
  contacts: new Map(), // userId → {userId, username, displayName, state, online}
  selected: null,
  conversations: new Map(), // userId → {messages, transfers, data (DataSession)}
  call: null, // {callId, peerId, media, outgoing, link, local, screen, stopSound, state}
  incoming: null, // {callId, peerId, media, sdp, candidates, stopSound, notification}
  contactsTimer: null,
  statsTimer: null,
};

// ---------------------------------------------------------------------------------------------
// Notices and small helpers

let noticeTimer = null;
function notify(message, { error = false, sticky = false } = {}) {
  const notice = $('#notice');
  notice.textContent = message;
  notice.classList.toggle('error', error);
  notice.hidden = false;
  clearTimeout(noticeTimer);
  if (!sticky) noticeTimer = setTimeout(() => { notice.hidden = true; }, 6000);
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

function contactName(userId) {
  const contact = state.contacts.get(userId);
  return contact ? contact.displayName || contact.username : 'Someone';
}

function mediaErrorMessage(error) {
  switch (error?.name) {
    case 'NotAllowedError': return 'Camera or microphone access was denied. Allow it for this site in the browser settings and try again.';
    case 'NotFoundError': return 'No camera or microphone was found on this device.';
    case 'NotReadableError': return 'The camera or microphone is in use by another application.';
    default: return `Could not start the camera or microphone (${error?.message || error}).`;
  }
}

// ---------------------------------------------------------------------------------------------
// Accounts: sign in/up, emailed links, sign out

function showAuth(view) {
  $('#app-view').hidden = true;
  $('#auth-view').hidden = false;
  for (const card of document.querySelectorAll('#auth-view [data-view]')) card.hidden = card.dataset.view !== view;
  const first = document.querySelector(`#auth-view [data-view="${view}"] input`);
  first?.focus();
}

function showFormError(form, error) {
  const fields = error instanceof ApiError ? error.errors : [];
  const detail = fields.length ? fields.map((field) => field.message).join(' ') : error.message;
  const message = error.retryAfter ? `${detail} Try again in ${error.retryAfter} s.` : detail;
  form.querySelector('.form-error').textContent = message;
}

function bindForm(form, submit) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    form.querySelector('.form-error').textContent = '';
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      await submit(Object.fromEntries(new FormData(form)));
    } catch (error) {
      showFormError(form, error);
    } finally {
      button.disabled = false;
    }
  });
}

bindForm($('#sign-in-form'), async ({ username, password }) => {
  await session.signIn(username.trim(), password);
  $('#sign-in-form').reset();
  enterApp();
});

bindForm($('#sign-up-form'), async (fields) => {
  await publicPost('/api/auth/register', {
    username: fields.username.trim(), email: fields.email.trim(), displayName: fields.displayName.trim(),
    password: fields.password,
  });
  await session.signIn(fields.username.trim(), fields.password);
  $('#sign-up-form').reset();
  enterApp();
  notify('Welcome! We sent you an email to verify your address.');
});

bindForm($('#forgot-form'), async ({ email }) => {
  await publicPost('/api/auth/password-reset', { email: email.trim() });
  notify('If that address has an account, a reset link is on its way.');
  location.hash = '#sign-in';
});

bindForm($('#reset-form'), async ({ newPassword }) => {
  const token = new URLSearchParams(location.search).get('token');
  await publicPost('/api/auth/password-reset/confirm', { token, newPassword });
  history.replaceState(null, '', '/#sign-in');
  notify('Password changed. Sign in with the new one (every other session was signed out).');
  showAuth('sign-in');
});

async function verifyEmail() {
  showAuth('verify');
  const token = new URLSearchParams(location.search).get('token');
  try {
    await publicPost('/api/auth/verify-email', { token });
    $('#verify-result').textContent = 'Your email address is verified. Thank you!';
  } catch (error) {
    $('#verify-result').textContent = error.type === 'invalid-token'
      ? 'This link is invalid, expired or already used. Sign in and ask for a new one.'
      : error.message;
  }
}

$('#sign-out').addEventListener('click', async () => {
  leaveApp();
  await session.signOut();
  showAuth('sign-in');
});

session.addEventListener('ended', () => {
  leaveApp();
  showAuth('sign-in');
  notify('Your session ended. Please sign in again.', { error: true, sticky: true });
});

$('#resend-verification').addEventListener('click', async () => {
  try {
    await session.request('POST', '/api/auth/verify-email/resend');
    notify('Verification email sent.');
  } catch (error) {
    notify(error.message, { error: true });
  }
});

window.addEventListener('hashchange', () => {
  if (!session.accessToken) showAuth(location.hash.slice(1) || 'sign-in');
});

// ---------------------------------------------------------------------------------------------
// The signed-in app

function enterApp() {
  $('#auth-view').hidden = true;
  $('#app-view').hidden = false;
  $('#me').textContent = `${session.user.displayName} (@${session.user.username})`;
  $('#verify-banner').hidden = session.user.emailVerified;
  if (!location.pathname.startsWith('/') || location.search) history.replaceState(null, '', '/');
  $('#relay-only').checked = localStorage.getItem(RELAY_ONLY_KEY) === 'true';
  $('#notifications-button').hidden = !('Notification' in window) || Notification.permission !== 'default';
  document.body.dataset.callState = 'idle';
  startSignaling();
  refreshContacts();
  state.contactsTimer = setInterval(refreshContacts, CONTACTS_REFRESH_MS);
  state.statsTimer = setInterval(updateStatusPanel, 1000);
}

function leaveApp() {
  if (state.call) endCall('Signed out', { notifyPeer: true });
  declineIncoming({ silent: true });
  for (const conversation of state.conversations.values()) conversation.data?.close();
  state.conversations.clear();
  state.contacts.clear();
  state.selected = null;
  clearInterval(state.contactsTimer);
  clearInterval(state.statsTimer);
  state.signaling?.stop();
  state.signaling = null;
  $('#contacts').replaceChildren();
  $('#requests').replaceChildren();
  $('#search-results').replaceChildren();
  $('#conversation-body').hidden = true;
  $('#empty-conversation').hidden = false;
}

$('#relay-only').addEventListener('change', (event) => {
  localStorage.setItem(RELAY_ONLY_KEY, String(event.target.checked));
  notify(event.target.checked
    ? 'Relay only: new calls and sessions go through the TURN relay, so peers never see your address.'
    : 'Direct connections allowed for new calls and sessions.');
});

$('#notifications-button').addEventListener('click', async () => {
  const permission = await Notification.requestPermission();
  $('#notifications-button').hidden = permission !== 'default';
  if (permission === 'denied') notify('Call alerts are blocked; incoming calls still ring while this tab is open.');
});

// ---------------------------------------------------------------------------------------------
// Signaling

function startSignaling() {
  const signaling = new Signaling(session);
  state.signaling = signaling;
  signaling.addEventListener('transport', ({ detail }) => {
    const badge = $('#transport');
    badge.textContent = detail.mode;
    badge.dataset.mode = detail.mode;
    $('#st-transport').textContent = detail.mode;
  });
  signaling.addEventListener('welcome', ({ detail }) => {
    state.iceServers = detail.iceServers || [];
    scheduleIceRefresh(detail.iceServersExpireAt);
    for (const entry of detail.presence || []) setPresence(entry.userId, entry.online);
  });
  signaling.addEventListener('ice-servers', ({ detail }) => {
    state.iceServers = detail.iceServers;
    scheduleIceRefresh(detail.iceServersExpireAt);
  });
  signaling.addEventListener('presence', ({ detail }) => setPresence(detail.userId, detail.online));
  signaling.addEventListener('signal', ({ detail }) => onSignal(detail).catch((error) => console.error(error)));
  signaling.addEventListener('refused', ({ detail }) => onRefused(detail));
  signaling.start();
}

let iceRefreshTimer = null;
function scheduleIceRefresh(expiresAt) {
  clearTimeout(iceRefreshTimer);
  if (!expiresAt) return;
  const delay = Math.max(30_000, Date.parse(expiresAt) - Date.now() - 5 * 60_000);
  iceRefreshTimer = setTimeout(() => state.signaling?.refreshIceServers(), delay);
}

function onRefused({ code, message, frame }) {
  if (frame?.type === 'offer') {
    // The call or session never started: say why and put the UI back.
    if (state.call?.callId === frame.callId) {
      const reason = code === 'rate-limited' ? 'Too many calls to this person in a short time; wait a minute.' : message;
      endCall(`The call could not be placed: ${reason}`, { error: true });
      return;
    }
    const data = state.conversations.get(frame.to)?.data;
    if (data?.callId === frame.callId) data.close('refused');
  }
  const messages = {
    'not-a-contact': 'That person is not one of your contacts (any more).',
    'rate-limited': 'Slow down: too many calls or messages in a short time.',
    unavailable: 'The signaling service is having trouble; try again in a moment.',
  };
  if (['call-not-found', 'invalid-state', 'not-a-participant'].includes(code)) return; // a race with hang-up
  notify(messages[code] || message || code, { error: true });
}

async function onSignal(frame) {
  const peerId = frame.from?.userId;
  if (state.call?.callId === frame.callId) return onCallSignal(state.call, frame);
  if (state.incoming?.callId === frame.callId) return onIncomingSignal(frame);
  const conversation = peerId && state.conversations.get(peerId);
  if (conversation?.data?.callId === frame.callId) return conversation.data.onSignal(frame);
  if (frame.type === 'offer' && frame.media === 'data') return DataSession.incoming(frame);
  if (frame.type === 'offer') return onIncomingCall(frame);
}

// ---------------------------------------------------------------------------------------------
// Contacts and presence

async function refreshContacts() {
  let contacts;
  try {
    contacts = await session.request('GET', '/api/contacts');
  } catch {
    return;
  }
  const before = new Set([...state.contacts.values()].filter((c) => c.state === 'ACCEPTED').map((c) => c.userId));
  const next = new Map();
  for (const contact of contacts) {
    next.set(contact.userId, { ...contact, online: state.contacts.get(contact.userId)?.online ?? false });
  }
  state.contacts = next;
  const newlyAccepted = contacts.some((c) => c.state === 'ACCEPTED' && !before.has(c.userId));
  if (newlyAccepted && state.signaling) {
    // A new contact's presence is only in a fresh welcome (presence frames carry changes).
    state.signaling.refreshWelcome().catch(() => {});
  }
  renderContacts();
}

function setPresence(userId, online) {
  const contact = state.contacts.get(userId);
  if (contact) contact.online = online;
  else state.contacts.set(userId, { userId, online, state: 'ACCEPTED', username: '', displayName: '' });
  if (!online) state.conversations.get(userId)?.data?.close('offline');
  renderContacts();
}

function contactAction(label, handler, extra = {}) {
  return element('button', { type: 'button', onclick: handler, ...extra }, label);
}

async function contactRequest(method, path, success) {
  try {
    await session.request(method, path);
    if (success) notify(success);
  } catch (error) {
    notify(error.message, { error: true });
  }
  refreshContacts();
}

function renderContacts() {
  const accepted = [];
  const requests = [];
  for (const contact of state.contacts.values()) {
    if (!contact.username) continue;
    if (contact.state === 'ACCEPTED') accepted.push(contact);
    else requests.push(contact);
  }
  accepted.sort((a, b) => Number(b.online) - Number(a.online) || a.username.localeCompare(b.username));
  $('#contacts').replaceChildren(...accepted.map((contact) => element('li', {
    class: contact.userId === state.selected ? 'selected' : '',
    dataset: { userId: contact.userId, username: contact.username, online: String(contact.online) },
  },
  element('span', { class: `dot${contact.online ? ' online' : ''}`, title: contact.online ? 'online' : 'offline' }),
  element('button', { type: 'button', class: 'name', onclick: () => selectContact(contact.userId) },
    `${contact.displayName} `, element('small', {}, `@${contact.username}`)),
  element('span', { class: 'visually-hidden' }, contact.online ? 'online' : 'offline'),
  element('span', { class: 'actions' },
    contactAction('Block', () => contactRequest('PUT', `/api/contacts/${contact.userId}/block`, `${contact.displayName} is blocked.`)),
    contactAction('Remove', () => contactRequest('DELETE', `/api/contacts/${contact.userId}`))))));
  $('#no-contacts').hidden = accepted.length > 0;

  $('#requests-heading').hidden = requests.length === 0;
  $('#requests').replaceChildren(...requests.map((contact) => {
    const actions = {
      INCOMING: [
        contactAction('Accept', () => contactRequest('POST', `/api/contacts/${contact.userId}/accept`, `You and ${contact.displayName} are contacts now.`), { class: 'primary' }),
        contactAction('Decline', () => contactRequest('POST', `/api/contacts/${contact.userId}/decline`)),
        contactAction('Block', () => contactRequest('PUT', `/api/contacts/${contact.userId}/block`)),
      ],
      OUTGOING: [contactAction('Cancel', () => contactRequest('DELETE', `/api/contacts/${contact.userId}`))],
      BLOCKED: [contactAction('Unblock', () => contactRequest('DELETE', `/api/contacts/${contact.userId}/block`))],
    }[contact.state] || [];
    const label = { INCOMING: 'wants to connect', OUTGOING: 'request sent', BLOCKED: 'blocked' }[contact.state] || '';
    return element('li', { dataset: { userId: contact.userId, username: contact.username, state: contact.state } },
      element('span', { class: 'name' }, `${contact.displayName} `, element('small', {}, label)),
      element('span', { class: 'actions' }, ...actions));
  }));
  if (state.selected) renderConversationHead();
}

$('#search-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const q = $('#search-input').value.trim().toLowerCase();
  if (q.length < 2) {
    notify('Type at least 2 characters of a username.');
    return;
  }
  try {
    const users = await session.request('GET', `/api/users/search?q=${encodeURIComponent(q)}`);
    $('#search-results').replaceChildren(...users.map((user) => element('li', { dataset: { username: user.username } },
      element('span', { class: 'name' }, `${user.displayName} `, element('small', {}, `@${user.username}`)),
      element('span', { class: 'actions' }, contactAction('Add', async () => {
        try {
          const relation = await session.request('POST', '/api/contacts/requests', { username: user.username });
          notify(relation.state === 'ACCEPTED' ? `You and ${user.displayName} are contacts now.` : `Request sent to ${user.displayName}.`);
          $('#search-results').replaceChildren();
          $('#search-input').value = '';
        } catch (error) {
          notify(error.message, { error: true });
        }
        refreshContacts();
      }, { class: 'primary' })))));
    if (!users.length) notify(`Nobody's username starts with “${q}”.`);
  } catch (error) {
    notify(error.message, { error: true });
  }
});

function conversationWith(userId) {
  let conversation = state.conversations.get(userId);
  if (!conversation) {
    conversation = { messages: [], transfers: new Map(), data: null };
    state.conversations.set(userId, conversation);
  }
  return conversation;
}

function selectContact(userId) {
  state.selected = userId;
  $('#empty-conversation').hidden = true;
  $('#conversation-body').hidden = false;
  renderContacts();
  renderChat();
  renderTransfers();
  $('#chat-input').focus();
}

function renderConversationHead() {
  const contact = state.contacts.get(state.selected);
  if (!contact) return;
  $('#peer-name').textContent = contact.displayName;
  $('#peer-presence').textContent = contact.online ? 'online' : 'offline';
  $('#peer-presence').dataset.online = String(contact.online);
}

// ---------------------------------------------------------------------------------------------
// Data sessions: one peer connection per contact for chat and files, opened on demand

class DataSession {
  constructor(peerId, callId, initiator) {
    this.peerId = peerId;
    this.callId = callId;
    this.outbox = [];
    this.closed = false;
    this.link = new PeerLink({
      signaling: state.signaling, peerId, callId, media: 'data', initiator,
      iceServers: state.iceServers, relayOnly: $('#relay-only').checked,
    });
    this.link.pc.ondatachannel = ({ channel }) => {
      if (channel.label === 'chat') this.#useChat(channel);
      else if (transferIdOf(channel)) receiveTransfer(peerId, channel);
    };
    this.link.addEventListener('failed', ({ detail }) => {
      notify(detail.reason === 'turn'
        ? 'Could not reach the TURN relay: the peer-to-peer connection failed.'
        : 'The peer-to-peer connection failed (no network path between you).', { error: true });
      this.close('failed');
    });
    this.link.addEventListener('turn-unreachable', () => notify(this.link.hasTurn
      ? 'The TURN relay is unreachable, so relay-only connections cannot be made.'
      : 'Relay only is on, but this server offers no TURN relay.', { error: true }));
    this.link.addEventListener('state', ({ detail }) => {
      if (detail.state === 'failed' || detail.state === 'closed') this.close(detail.state);
    });
  }

  static open(peerId) {
    const conversation = conversationWith(peerId);
    if (conversation.data && !conversation.data.closed) return conversation.data;
    const session = new DataSession(peerId, crypto.randomUUID(), true);
    conversation.data = session;
    session.#useChat(session.link.pc.createDataChannel('chat', { ordered: true }));
    session.link.offer();
    return session;
  }

  static async incoming(frame) {
    const peerId = frame.from.userId;
    if (state.contacts.get(peerId)?.state !== 'ACCEPTED') return;
    const conversation = conversationWith(peerId);
    const existing = conversation.data;
    if (existing && !existing.closed) {
      const bothOpening = existing.link.initiator && existing.link.pc.signalingState === 'have-local-offer';
      if (bothOpening && session.user.id < peerId) return; // glare: the lower user id keeps its offer
      state.signaling.send({ type: 'hangup', to: peerId, callId: existing.callId });
      existing.close('replaced', conversation);
    }
    const replacement = new DataSession(peerId, frame.callId, false);
    if (existing) replacement.outbox = existing.outbox;
    conversation.data = replacement;
    await replacement.link.acceptOffer(frame.sdp);
  }

  async onSignal(frame) {
    switch (frame.type) {
      case 'answer': return this.link.acceptAnswer(frame.sdp);
      case 'offer': return this.link.acceptOffer(frame.sdp);
      case 'candidate': return this.link.addCandidate(frame.candidate);
      case 'hangup': case 'reject': case 'busy': return this.close('remote');
    }
  }

  #useChat(channel) {
    this.chat = channel;
    channel.onopen = () => {
      for (const message of this.outbox.splice(0)) channel.send(JSON.stringify(message));
      renderChat();
    };
    channel.onmessage = (event) => onDataMessage(this.peerId, JSON.parse(event.data));
    channel.onclose = () => this.close('closed');
  }

  send(message) {
    if (this.chat?.readyState === 'open') this.chat.send(JSON.stringify(message));
    else this.outbox.push(message);
  }

  close(reason, conversation = state.conversations.get(this.peerId)) {
    if (this.closed) return;
    this.closed = true;
    if (!['remote', 'replaced', 'offline', 'refused'].includes(reason)) {
      state.signaling?.send({ type: 'hangup', to: this.peerId, callId: this.callId });
    }
    this.link.close();
    if (conversation?.data === this && reason !== 'replaced') {
      for (const transfer of conversation.transfers.values()) {
        if (['offered', 'waiting', 'sending', 'receiving'].includes(transfer.state)) failTransfer(transfer, 'The connection closed.');
      }
    }
  }
}

function dataSessionWith(peerId) {
  const contact = state.contacts.get(peerId);
  if (!contact?.online) {
    notify(`${contactName(peerId)} is offline: chat and files need you both online (they go straight between your browsers).`, { error: true });
    return null;
  }
  return DataSession.open(peerId);
}

// ---------------------------------------------------------------------------------------------
// Chat over the data channel, with delivery marks

$('#chat-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = $('#chat-input').value.trim();
  if (!text || !state.selected) return;
  const data = dataSessionWith(state.selected);
  if (!data) return;
  const message = { t: 'msg', id: crypto.randomUUID(), text, at: Date.now() };
  conversationWith(state.selected).messages.push({ ...message, mine: true, delivered: false });
  data.send(message);
  $('#chat-input').value = '';
  renderChat();
});

function onDataMessage(peerId, message) {
  const conversation = conversationWith(peerId);
  switch (message.t) {
    case 'msg':
      if (typeof message.text !== 'string' || message.text.length > 4000) return;
      conversation.messages.push({ id: message.id, text: message.text, at: message.at, mine: false });
      conversation.data?.send({ t: 'delivered', id: message.id });
      if (state.selected !== peerId) notify(`${contactName(peerId)}: ${message.text.slice(0, 80)}`);
      break;
    case 'delivered': {
      const sent = conversation.messages.find((m) => m.id === message.id);
      if (sent) sent.delivered = true;
      break;
    }
    case 'file-offer': return onFileOffer(peerId, message);
    case 'file-accept': return onFileAccepted(peerId, message.id);
    case 'file-deny': return onFileStopped(peerId, message.id, message.reason || 'declined');
    case 'file-cancel': return onFileStopped(peerId, message.id, 'cancelled by the other side');
    case 'file-done': return onFileDone(peerId, message);
  }
  if (state.selected === peerId) renderChat();
}

function renderChat() {
  if (!state.selected) return;
  const messages = conversationWith(state.selected).messages;
  const log = $('#chat-log');
  log.replaceChildren(...messages.map((message) => element('li', {
    class: message.mine ? 'mine' : '', dataset: { id: message.id, delivered: String(!!message.delivered) },
  }, message.text, message.mine ? element('span', { class: 'mark', title: message.delivered ? 'delivered' : 'sent' },
    message.delivered ? '✓✓' : '✓') : null)));
  log.scrollTop = log.scrollHeight;
}

// ---------------------------------------------------------------------------------------------
// Files

$('#file-input').addEventListener('change', (event) => {
  const files = [...event.target.files];
  event.target.value = '';
  if (!files.length || !state.selected) return;
  const data = dataSessionWith(state.selected);
  if (!data) return;
  const conversation = conversationWith(state.selected);
  for (const file of files) {
    const transfer = { id: crypto.randomUUID(), peerId: state.selected, outgoing: true, file, name: file.name,
      size: file.size, mime: file.type, bytes: 0, state: 'waiting', hashing: hashWholeFile(file) };
    conversation.transfers.set(transfer.id, transfer);
    data.send({ t: 'file-offer', id: transfer.id, name: file.name, size: file.size, mime: file.type });
  }
  renderTransfers();
});

function onFileOffer(peerId, offer) {
  const name = String(offer.name || 'file').slice(0, 255);
  const size = Number(offer.size);
  if (!Number.isSafeInteger(size) || size < 0) return;
  const transfer = { id: offer.id, peerId, outgoing: false, name, size, mime: String(offer.mime || ''), bytes: 0, state: 'offered' };
  conversationWith(peerId).transfers.set(transfer.id, transfer);
  if (size > MAX_IN_MEMORY_BYTES && !window.showSaveFilePicker) {
    transfer.state = 'failed';
    transfer.detail = `Too large for this browser (${formatBytes(size)}); try a browser that can save straight to disk.`;
    conversationWith(peerId).data?.send({ t: 'file-deny', id: transfer.id, reason: 'too large for the receiving browser' });
  } else if (state.selected !== peerId) {
    notify(`${contactName(peerId)} wants to send you ${name}.`);
  }
  renderTransfers();
}

async function acceptFile(transfer) {
  if (transfer.size > STREAM_TO_DISK_ABOVE_BYTES && window.showSaveFilePicker) {
    try {
      const handle = await window.showSaveFilePicker({ suggestedName: transfer.name });
      transfer.writable = await handle.createWritable();
    } catch {
      return; // the user closed the picker: the offer stays open
    }
  }
  transfer.state = 'receiving';
  conversationWith(transfer.peerId).data?.send({ t: 'file-accept', id: transfer.id });
  renderTransfers();
}

function receiveTransfer(peerId, channel) {
  const id = transferIdOf(channel);
  const transfer = conversationWith(peerId).transfers.get(id);
  if (!transfer || transfer.outgoing || transfer.state !== 'receiving') {
    channel.close();
    return;
  }
  receiveFile(channel, transfer, () => progress(transfer)).then(({ sha256, ok, blob }) => {
    transfer.finishedAt = performance.now();
    transfer.sha256 = sha256;
    transfer.state = ok ? 'verified' : 'failed';
    transfer.detail = ok ? `SHA-256 verified (${sha256.slice(0, 16)}…)` : 'The file arrived damaged (SHA-256 mismatch); it was discarded.';
    if (ok && blob) transfer.url = URL.createObjectURL(blob);
    conversationWith(peerId).data?.send({ t: 'file-done', id, ok, sha256 });
    channel.close();
    renderTransfers();
  }, () => failTransfer(transfer, 'The transfer was interrupted.'));
}

async function onFileAccepted(peerId, id) {
  const transfer = conversationWith(peerId).transfers.get(id);
  const data = conversationWith(peerId).data;
  if (!transfer?.outgoing || transfer.state !== 'waiting' || !data) return;
  transfer.state = 'sending';
  renderTransfers();
  try {
    transfer.sha256 = await sendFile(data.link.pc, transfer, () => progress(transfer));
    if (transfer.sha256) transfer.sentAt = performance.now();
  } catch {
    if (transfer.state === 'sending') failTransfer(transfer, 'The transfer was interrupted.');
  }
}

function onFileDone(peerId, message) {
  const transfer = conversationWith(peerId).transfers.get(message.id);
  if (!transfer?.outgoing) return;
  transfer.finishedAt = performance.now();
  transfer.state = message.ok && message.sha256 === transfer.sha256 ? 'verified' : 'failed';
  transfer.detail = transfer.state === 'verified' ? 'Delivered and verified by the receiver' : 'The receiver could not verify the file.';
  transfer.channel?.close();
  renderTransfers();
}

function onFileStopped(peerId, id, reason) {
  const transfer = conversationWith(peerId).transfers.get(id);
  if (transfer && !['verified', 'failed', 'cancelled'].includes(transfer.state)) {
    transfer.cancelled = true;
    transfer.state = 'cancelled';
    transfer.detail = `Stopped: ${reason}.`;
    transfer.channel?.close();
    transfer.writable?.abort?.();
    renderTransfers();
  }
}

function cancelTransfer(transfer, reason = 'cancelled') {
  conversationWith(transfer.peerId).data?.send({ t: transfer.state === 'offered' ? 'file-deny' : 'file-cancel', id: transfer.id });
  onFileStopped(transfer.peerId, transfer.id, reason);
}

function failTransfer(transfer, detail) {
  transfer.state = 'failed';
  transfer.cancelled = true;
  transfer.detail = detail;
  transfer.channel?.close();
  transfer.writable?.abort?.();
  renderTransfers();
}

// Progress is drawn a few times a second, on the transfer's own row: redrawing per chunk costs
// the CPU time the transfer itself needs.
const PROGRESS_EVERY_MS = 250;
function progress(transfer) {
  const now = performance.now();
  if (now - (transfer.drawnAt || 0) < PROGRESS_EVERY_MS) return;
  transfer.drawnAt = now;
  const row = document.querySelector(`#transfers li[data-id="${transfer.id}"]`);
  if (!row) return;
  row.querySelector('progress').value = transfer.bytes;
  row.querySelector('.detail').textContent = transferDetail(transfer);
}

function transferDetail(transfer) {
  if (transfer.detail) return transfer.detail;
  if (!transfer.startedAt || !transfer.bytes) return transfer.state === 'offered' ? 'Wants to send you this file' : 'Waiting for the other side';
  const seconds = (performance.now() - transfer.startedAt) / 1000;
  const speed = transfer.bytes / Math.max(seconds, 0.001);
  const left = (transfer.size - transfer.bytes) / Math.max(speed, 1);
  return `${formatBytes(transfer.bytes)} of ${formatBytes(transfer.size)} · ${formatBytes(speed)}/s · ${Math.ceil(left)} s left`;
}

function renderTransfers() {
  if (!state.selected) return;
  const transfers = [...conversationWith(state.selected).transfers.values()];
  $('#transfers').replaceChildren(...transfers.map((transfer) => {
    const active = ['offered', 'waiting', 'sending', 'receiving'].includes(transfer.state);
    const elapsed = transfer.finishedAt && transfer.startedAt ? (transfer.finishedAt - transfer.startedAt) / 1000 : null;
    return element('li', { dataset: {
      id: transfer.id, state: transfer.state, direction: transfer.outgoing ? 'out' : 'in',
      sha256: transfer.sha256 || '', seconds: elapsed ? elapsed.toFixed(3) : '',
    } },
    element('div', { class: 'row' },
      element('span', { class: 'file-name' }, `${transfer.outgoing ? '↑' : '↓'} ${transfer.name}`),
      element('span', {}, formatBytes(transfer.size)),
      transfer.state === 'offered' ? contactAction('Accept', () => acceptFile(transfer), { class: 'primary' }) : null,
      transfer.state === 'offered' ? contactAction('Deny', () => cancelTransfer(transfer, 'declined')) : null,
      active && transfer.state !== 'offered' ? contactAction('Cancel', () => cancelTransfer(transfer)) : null,
      transfer.url ? element('a', { href: transfer.url, download: transfer.name }, 'Save') : null),
    element('progress', { max: String(transfer.size || 1), value: String(transfer.size ? transfer.bytes : 1), 'aria-label': `${transfer.name} progress` }),
    element('span', { class: `detail ${transfer.state}` }, transferDetail(transfer)));
  }));
}

// ---------------------------------------------------------------------------------------------
// Calls

$('#audio-call').addEventListener('click', () => startCall(state.selected, 'audio'));
$('#video-call').addEventListener('click', () => startCall(state.selected, 'video'));
$('#hangup').addEventListener('click', () => endCall('Call ended', { notifyPeer: true }));
$('#accept-call').addEventListener('click', () => acceptIncoming());
$('#decline-call').addEventListener('click', () => declineIncoming());

function setCallState(call, value, text) {
  call.state = value;
  document.body.dataset.callState = value;
  $('#call').dataset.state = value;
  $('#call-state').textContent = text;
}

async function localMedia(media) {
  return navigator.mediaDevices.getUserMedia({ audio: true, video: media === 'video' });
}

function callLink(call, initiator) {
  const link = new PeerLink({
    signaling: state.signaling, peerId: call.peerId, callId: call.callId, media: call.media, initiator,
    iceServers: state.iceServers, relayOnly: $('#relay-only').checked,
  });
  const remote = new MediaStream();
  $('#remote-video').srcObject = remote;
  link.pc.ontrack = ({ track }) => remote.addTrack(track);
  link.addEventListener('state', ({ detail }) => {
    if (detail.state === 'connected' && state.call === call) setCallState(call, 'connected', `In call with ${contactName(call.peerId)}`);
  });
  link.addEventListener('restarting', ({ detail }) => {
    if (state.call === call) setCallState(call, 'reconnecting', `Reconnecting (attempt ${detail.attempt} of 3)…`);
  });
  link.addEventListener('failed', ({ detail }) => {
    if (state.call === call) endCall(detail.reason === 'turn'
      ? 'Call failed: the TURN relay could not be reached.' : 'Call failed: no network path between you.', { notifyPeer: true, error: true });
  });
  link.addEventListener('turn-unreachable', () => notify('The TURN relay is unreachable, so a relay-only call cannot connect.', { error: true }));
  return link;
}

/** Audio and video transceivers on both sides, so screen sharing is a track swap, not a renegotiation. */
function attachTracks(link, stream, { initiator }) {
  const audio = stream.getAudioTracks()[0] || null;
  const video = stream.getVideoTracks()[0] || null;
  if (initiator) {
    link.pc.addTransceiver(audio || 'audio', { direction: 'sendrecv', streams: [stream] });
    link.pc.addTransceiver(video || 'video', { direction: 'sendrecv', streams: [stream] });
  } else {
    for (const transceiver of link.pc.getTransceivers()) {
      const kind = transceiver.receiver.track.kind;
      transceiver.direction = 'sendrecv';
      transceiver.sender.replaceTrack(kind === 'audio' ? audio : video);
    }
  }
}

async function startCall(peerId, media) {
  if (!peerId) return;
  if (state.call || state.incoming) {
    notify('Finish the current call first.', { error: true });
    return;
  }
  if (!state.contacts.get(peerId)?.online) {
    notify(`${contactName(peerId)} is offline. They will get a missed-call email if they have those turned on.`, { error: true });
    return;
  }
  const call = { callId: crypto.randomUUID(), peerId, media, outgoing: true };
  state.call = call;
  $('#call').hidden = false;
  setCallState(call, 'starting', 'Starting camera and microphone…');
  try {
    call.local = await localMedia(media);
  } catch (error) {
    state.call = null;
    $('#call').hidden = true;
    document.body.dataset.callState = 'idle';
    notify(mediaErrorMessage(error), { error: true, sticky: true });
    return;
  }
  if (state.call !== call) return;
  $('#local-video').srcObject = call.local;
  $('#local-video').hidden = media !== 'video';
  call.link = callLink(call, true);
  attachTracks(call.link, call.local, { initiator: true });
  setCallState(call, 'calling', `Calling ${contactName(peerId)}…`);
  call.stopSound = ringback();
  await call.link.offer();
}

async function onCallSignal(call, frame) {
  switch (frame.type) {
    case 'ringing':
      if (call.state === 'calling') setCallState(call, 'ringing', `Ringing ${contactName(call.peerId)}…`);
      break;
    case 'accept':
      call.stopSound?.();
      setCallState(call, 'connecting', 'Connecting…');
      break;
    case 'answer':
      call.stopSound?.();
      await call.link.acceptAnswer(frame.sdp);
      break;
    case 'offer':
      await call.link.acceptOffer(frame.sdp);
      break;
    case 'candidate':
      if (call.link) await call.link.addCandidate(frame.candidate);
      else (call.earlyCandidates ??= []).push(frame.candidate); // still starting the camera
      break;
    case 'reject':
      endCall(`${contactName(call.peerId)} declined the call.`);
      break;
    case 'busy':
      endCall(`${contactName(call.peerId)} is busy in another call.`);
      break;
    case 'hangup':
      endCall(frame.reason === 'timeout' ? `${contactName(call.peerId)} did not answer.` : `${contactName(call.peerId)} hung up.`);
      break;
  }
}

function onIncomingCall(frame) {
  const peerId = frame.from.userId;
  if (state.call || state.incoming) {
    state.signaling.send({ type: 'busy', to: peerId, callId: frame.callId });
    return;
  }
  const incoming = { callId: frame.callId, peerId, media: frame.media, sdp: frame.sdp, candidates: [] };
  state.incoming = incoming;
  state.signaling.send({ type: 'ringing', to: peerId, callId: frame.callId });
  const text = `${contactName(peerId)} is calling you (${frame.media === 'video' ? 'video' : 'audio'})`;
  $('#incoming-text').textContent = text;
  $('#incoming').hidden = false;
  document.body.dataset.callState = 'incoming';
  $('#accept-call').focus();
  incoming.stopSound = ringtone();
  if (document.hidden && 'Notification' in window && Notification.permission === 'granted') {
    incoming.notification = new Notification('Incoming call', { body: text, tag: frame.callId, requireInteraction: true });
    incoming.notification.onclick = () => { window.focus(); incoming.notification.close(); };
  }
}

async function onIncomingSignal(frame) {
  const incoming = state.incoming;
  if (frame.type === 'candidate') incoming.candidates.push(frame.candidate);
  if (frame.type === 'hangup') {
    clearIncoming();
    notify(`Missed call from ${contactName(incoming.peerId)}.`);
  }
}

function clearIncoming() {
  const incoming = state.incoming;
  if (!incoming) return;
  incoming.stopSound?.();
  incoming.notification?.close();
  state.incoming = null;
  $('#incoming').hidden = true;
  if (!state.call) document.body.dataset.callState = 'idle';
}

function declineIncoming({ silent = false } = {}) {
  const incoming = state.incoming;
  if (!incoming) return;
  state.signaling?.send({ type: 'reject', to: incoming.peerId, callId: incoming.callId });
  clearIncoming();
  if (!silent) notify('Call declined.');
}

async function acceptIncoming() {
  const incoming = state.incoming;
  if (!incoming) return;
  clearIncoming();
  const call = { callId: incoming.callId, peerId: incoming.peerId, media: incoming.media, outgoing: false };
  state.call = call;
  selectContact(call.peerId);
  $('#call').hidden = false;
  setCallState(call, 'starting', 'Starting camera and microphone…');
  try {
    call.local = await localMedia(call.media);
  } catch (error) {
    state.call = null;
    $('#call').hidden = true;
    document.body.dataset.callState = 'idle';
    state.signaling.send({ type: 'reject', to: call.peerId, callId: call.callId });
    notify(mediaErrorMessage(error), { error: true, sticky: true });
    return;
  }
  $('#local-video').srcObject = call.local;
  $('#local-video').hidden = call.media !== 'video';
  call.link = callLink(call, false);
  state.signaling.send({ type: 'accept', to: call.peerId, callId: call.callId });
  setCallState(call, 'connecting', 'Connecting…');
  await call.link.acceptOffer(incoming.sdp, () => attachTracks(call.link, call.local, { initiator: false }));
  for (const candidate of [...incoming.candidates, ...(call.earlyCandidates || [])]) await call.link.addCandidate(candidate);
}

function endCall(message, { notifyPeer = false, error = false } = {}) {
  const call = state.call;
  if (!call) return;
  state.call = null;
  call.stopSound?.();
  if (notifyPeer) state.signaling?.send({ type: 'hangup', to: call.peerId, callId: call.callId });
  call.link?.close();
  for (const track of call.local?.getTracks() || []) track.stop();
  for (const track of call.screen?.getTracks() || []) track.stop();
  $('#remote-video').srcObject = null;
  $('#local-video').srcObject = null;
  $('#call').hidden = true;
  $('#call').dataset.state = 'idle';
  for (const id of ['#mute', '#camera', '#share']) $(id).setAttribute('aria-pressed', 'false');
  $('#mute').textContent = 'Mute';
  $('#camera').textContent = 'Camera off';
  $('#share').textContent = 'Share screen';
  document.body.dataset.callState = state.incoming ? 'incoming' : 'idle';
  notify(message, { error });
}

$('#mute').addEventListener('click', () => {
  const track = state.call?.local?.getAudioTracks()[0];
  if (!track) return;
  track.enabled = !track.enabled;
  $('#mute').setAttribute('aria-pressed', String(!track.enabled));
  $('#mute').textContent = track.enabled ? 'Mute' : 'Unmute';
});

$('#camera').addEventListener('click', () => {
  const track = state.call?.local?.getVideoTracks()[0];
  if (!track) {
    notify('This is an audio call: share your screen to show something.');
    return;
  }
  track.enabled = !track.enabled;
  $('#camera').setAttribute('aria-pressed', String(!track.enabled));
  $('#camera').textContent = track.enabled ? 'Camera off' : 'Camera on';
});

$('#share').addEventListener('click', async () => {
  const call = state.call;
  if (!call?.link) return;
  const videoSender = call.link.pc.getTransceivers().find((t) => t.receiver.track.kind === 'video')?.sender;
  if (call.screen) {
    await call.stopSharing(); // a track stopped here fires no 'ended'
    return;
  }
  try {
    call.screen = await navigator.mediaDevices.getDisplayMedia({ video: true });
  } catch (error) {
    if (error.name !== 'NotAllowedError') notify(`Screen sharing is not available: ${error.message}`, { error: true });
    return;
  }
  const screenTrack = call.screen.getVideoTracks()[0];
  await videoSender.replaceTrack(screenTrack);
  $('#local-video').srcObject = call.screen;
  $('#local-video').hidden = false;
  $('#share').setAttribute('aria-pressed', 'true');
  $('#share').textContent = 'Stop sharing';
  call.stopSharing = async () => {
    if (!call.screen) return;
    for (const track of call.screen.getTracks()) track.stop();
    call.screen = null;
    if (state.call !== call) return;
    const camera = call.local.getVideoTracks()[0] || null;
    await videoSender.replaceTrack(camera);
    $('#local-video').srcObject = call.local;
    $('#local-video').hidden = !camera;
    $('#share').setAttribute('aria-pressed', 'false');
    $('#share').textContent = 'Share screen';
  };
  // The browser's own "Stop sharing" ends the track.
  screenTrack.addEventListener('ended', () => call.stopSharing());
});

// ---------------------------------------------------------------------------------------------
// Network changes and the status panel

function restartAllIce() {
  state.call?.link?.restartIce();
  for (const conversation of state.conversations.values()) conversation.data?.link.restartIce();
}
window.addEventListener('online', restartAllIce);
navigator.connection?.addEventListener?.('change', restartAllIce);

async function updateStatusPanel() {
  const link = state.call?.link || (state.selected && state.conversations.get(state.selected)?.data?.link);
  const set = (id, value) => { $(id).textContent = value ?? '–'; };
  if (!link || link.pc.connectionState === 'closed') {
    for (const id of ['#st-ice', '#st-connection', '#st-path', '#st-candidates', '#st-rtt', '#st-bitrate', '#st-loss']) set(id, null);
    $('#st-path').dataset.path = '';
    return;
  }
  const stats = await link.stats();
  set('#st-ice', stats.ice);
  set('#st-connection', stats.connection);
  set('#st-path', stats.path);
  $('#st-path').dataset.path = stats.path || '';
  set('#st-candidates', stats.candidates);
  set('#st-rtt', stats.rtt !== undefined ? `${Math.round(stats.rtt * 1000)} ms` : null);
  set('#st-bitrate', `${(stats.bitrate / 1e6).toFixed(2)} Mbit/s`);
  const media = link.media === 'data' ? '' : ` · ${stats.framesDecoded} frames, ${stats.audioPackets} audio packets`;
  set('#st-loss', `${stats.loss === null ? '0' : (stats.loss * 100).toFixed(1)} %${media}`);
  $('#st-loss').dataset.framesDecoded = String(stats.framesDecoded);
  $('#st-loss').dataset.audioPackets = String(stats.audioPackets);
}

// ---------------------------------------------------------------------------------------------
// Start-up

async function boot() {
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => {});
  if (location.pathname === '/verify-email') return verifyEmail();
  if (location.pathname === '/reset-password') return showAuth('reset');
  try {
    if (await session.restore()) return enterApp();
  } catch {
    notify('Could not reach the server to restore your session.', { error: true });
  }
  showAuth(location.hash.slice(1) || 'sign-in');
}

boot();
