// Cybernet Call client: start-up, and the signed-in shell that joins the screens. Media, chat and
// files go peer-to-peer; the servers only see signaling. Each screen is a module of its own
// (screens/), sharing one small store (store.js); pure rules live in logic/ and are unit-tested.

import { Session } from './api.js';
import { DeviceRegistration } from './device-identity.js';
import { KeyDirectory } from './key-directory.js';
import { deviceCursor } from './logic/catch-up.js';
import { linkOutcome } from './logic/sign-in.js';
import { SignalSealer } from './signal-sealer.js';
import { Signaling } from './signaling.js';
import { contactName, createAppStore } from './store.js';
import { initAuth, showAuth, showOriginRefused, showSignInChoices, verifyEmail } from './screens/auth.js';
import { CallHistoryScreen } from './screens/call-history.js';
import { CallScreen } from './screens/call.js';
import { ContactsScreen } from './screens/contacts.js';
import { initConversation } from './screens/conversation.js';
import { DetailsPanel } from './screens/details.js';
import { KeyDevicesPanel } from './screens/key-devices.js';
import { initSettings } from './screens/settings.js';
import { TransfersScreen } from './screens/transfers.js';
import { VerificationPanel } from './screens/verification.js';
import { $ } from './ui/dom.js';
import { t } from './ui/messages.js';
import { notify } from './ui/notice.js';

const session = new Session();
const store = createAppStore();
const contacts = new ContactsScreen(store, session);
const calls = new CallScreen(store);
const callHistory = new CallHistoryScreen(store, (peerId, media) => calls.start(peerId, media));
const details = new DetailsPanel(store);
const directory = new KeyDirectory(session);
const verification = new VerificationPanel(store, directory);
calls.beforeCall = (peerId) => verification.beforeCall(peerId);
const keyDevices = new KeyDevicesPanel(store, session, directory);
new TransfersScreen(store);
initConversation(store);
initSettings(store, session, keyDevices);
initAuth({ session, signedIn: enterApp });

const REFUSALS = {
  'not-a-contact': 'signaling.not-a-contact',
  'rate-limited': 'signaling.rate-limited',
  'sealing-failed': 'signaling.sealing-failed',
  unavailable: 'signaling.unavailable',
};

let contactsLoaded = Promise.resolve();

function enterApp() {
  store.state.user = session.user;
  $('#auth-view').hidden = true;
  $('#app-view').hidden = false;
  $('#me').textContent = session.user.displayName;
  $('#me').title = `@${session.user.username}`;
  $('#verify-banner').hidden = session.user.emailVerified;
  if (location.search || location.pathname !== '/') history.replaceState(null, '', '/');
  document.body.dataset.callState = 'idle';
  callHistory.start();
  // This device's keys go to the key directory (the same keys again change nothing there).
  const registration = new DeviceRegistration(session, session.user.id);
  registration.registered().catch(unregistered);
  verification.start(registration);
  keyDevices.start(registration);
  contactsLoaded = contacts.start();
  startSignaling(new SignalSealer(directory, registration));
  details.start();
}

/** This device could not join the key directory: without it nothing can be sealed or opened here. */
function unregistered(error) {
  console.warn('This device has no identity keys in the directory:', error);
  if (error?.type !== 'too-many-devices') return;
  notify(t('keys.too-many'), {
    error: true,
    sticky: true,
    action: { label: t('keys.open-settings'), run: () => $('#settings-button').click() },
  });
}

function leaveApp() {
  calls.stop();
  for (const conversation of store.state.conversations.values()) conversation.data?.close();
  store.state.conversations.clear();
  contacts.stop();
  details.stop();
  callHistory.stop();
  store.state.contacts.clear();
  store.state.signaling?.stop();
  store.state.signaling = null;
  store.update('selected', (state) => {
    state.selected = null;
  });
}

/** Back to the sign-in screen, with the address saying so (its links then change the view again). */
function showSignIn() {
  history.replaceState(null, '', '/#sign-in');
  showAuth('sign-in');
}

$('#sign-out').addEventListener('click', async () => {
  leaveApp();
  const continueAt = await session.signOut();
  // Signed in through the identity provider: sign out there too; it sends the page back here.
  if (continueAt) return location.assign(continueAt);
  showSignIn();
});

session.addEventListener('ended', () => {
  leaveApp();
  showSignIn();
  notify(t('session.ended'), { error: true, sticky: true });
});

$('#resend-verification').addEventListener('click', async () => {
  try {
    await session.request('POST', '/api/auth/verify-email/resend');
    notify(t('account.verification-sent'));
  } catch (error) {
    notify(error.message, { error: true });
  }
});

function startSignaling(sealer) {
  // Resumes after the last signal this device processed: what came while it was closed is caught up.
  const signaling = new Signaling(session, sealer, deviceCursor(localStorage, session.user.id));
  store.state.signaling = signaling;
  // Closed because the session ended (policy close 1008): find out now, not at the next renewal.
  signaling.addEventListener('closed-by-server', () => session.recheck());
  signaling.addEventListener('transport', ({ detail }) => {
    details.transport(detail.mode);
    contacts.transportChanged();
  });
  let first = true;
  signaling.addEventListener('welcome', ({ detail }) => {
    store.state.iceServers = detail.iceServers || [];
    scheduleIceRefresh(detail.iceServersExpireAt);
    for (const entry of detail.presence || []) onPresence(entry.userId, entry.online);
    if (first) {
      // A call this tab was in before a reload is rejoined once signaling and contacts are here.
      first = false;
      contactsLoaded.then(() => calls.rejoin()).catch((error) => console.error(error));
    }
  });
  signaling.addEventListener('ice-servers', ({ detail }) => {
    store.state.iceServers = detail.iceServers;
    scheduleIceRefresh(detail.iceServersExpireAt);
  });
  signaling.addEventListener('presence', ({ detail }) => onPresence(detail.userId, detail.online));
  signaling.addEventListener('contacts-changed', () => contacts.refresh());
  signaling.addEventListener('keys-changed', ({ detail }) => {
    directory.forget(detail.userId);
    store.changed('keys-changed', detail.userId);
  });
  signaling.addEventListener('signal', ({ detail }) => onSignal(detail).catch((error) => console.error(error)));
  signaling.addEventListener('caught-up', () => calls.caughtUp());
  signaling.addEventListener('refused', ({ detail }) => onRefused(detail));
  signaling.addEventListener('unopened', ({ detail }) => onUnopened(detail));
  signaling.addEventListener('accepted', ({ detail }) => store.changed('signal-accepted', detail));
  signaling.start();
}

function onPresence(userId, online) {
  contacts.setPresence(userId, online);
  calls.peerPresence(userId, online);
  if (!online) store.state.conversations.get(userId)?.data?.close('offline');
}

let iceRefreshTimer = null;
function scheduleIceRefresh(expiresAt) {
  clearTimeout(iceRefreshTimer);
  if (!expiresAt) return;
  const delay = Math.max(30_000, Date.parse(expiresAt) - Date.now() - 5 * 60_000);
  iceRefreshTimer = setTimeout(() => store.state.signaling?.refreshIceServers(), delay);
}

/** A signal for this user: to the call, the ringing call, a data session, or a new offer. */
async function onSignal(frame) {
  // Messages relayed for this person while away, and receipts for theirs: live or caught up alike.
  // Shown once the contact list is here (a catch-up starts before it is), in the order they came.
  if (frame.type === 'message' || frame.type === 'message-receipt')
    return contactsLoaded.then(() => store.changed('relayed', frame));
  // Sent while no page of this device was open: calls it missed, or one still ringing; the rest
  // (candidates, answers, data sessions) belonged to pages that are gone.
  if (frame.caughtUp) return calls.onCaughtUp(frame);
  const { call, incoming } = store.state;
  if (call?.callId === frame.callId) return calls.onSignal(frame);
  if (incoming?.callId === frame.callId) return calls.onIncomingSignal(frame);
  const peerId = frame.from?.userId;
  const data = peerId && store.state.conversations.get(peerId)?.data;
  if (data?.callId === frame.callId) return data.onSignal(frame);
  if (frame.type === 'offer' && frame.media === 'data') return store.changed('data-offer', frame);
  if (frame.type === 'offer') return calls.onIncoming(frame);
}

function onRefused({ code, message, frame }) {
  if (frame?.type === 'message') {
    store.changed('message-refused', { frame, reason: REFUSALS[code] ? t(REFUSALS[code]) : message || code });
    return;
  }
  if (code === 'answered-elsewhere') {
    // Another device of this person holds the call or session: this one steps back quietly.
    calls.settledElsewhere(frame?.callId, 'answered');
    const data = store.state.conversations.get(frame?.to)?.data;
    if (data?.callId === frame?.callId) data.close('elsewhere');
    return;
  }
  if (frame?.type === 'offer') {
    // The call or session never started: say why and put the UI back.
    if (store.state.call?.callId === frame.callId) {
      calls.refused(code, REFUSALS[code] ? t(REFUSALS[code]) : message);
      return;
    }
    const data = store.state.conversations.get(frame.to)?.data;
    if (data?.callId === frame.callId) data.close('refused');
  }
  if (['call-not-found', 'invalid-state', 'not-a-participant'].includes(code)) return; // a race with hang-up
  notify(REFUSALS[code] ? t(REFUSALS[code]) : message || code, { error: true });
}

/** A sealed signal that did not open here: dropped, and said, since someone may be in between. */
function onUnopened({ frame, reason }) {
  console.warn(`A ${frame.type} from ${frame.from?.userId} was not applied: ${reason}`);
  if (frame.caughtUp) return; // from a page that is gone: nothing to act on
  const name = frame.from?.userId ? contactName(store, frame.from.userId) : '?';
  notify(t('sealed.unopened', { name }), { error: true, sticky: true, context: frame.from?.userId });
}

function restartAllIce() {
  store.state.call?.link?.restartIce();
  for (const conversation of store.state.conversations.values()) conversation.data?.link.restartIce();
}
window.addEventListener('online', restartAllIce);
navigator.connection?.addEventListener?.('change', restartAllIce);

/** Back from signing in at the provider to join its account (Settings): finish, and say how it went. */
async function finishJoining({ confirm, errorKey }, providerName) {
  const provider = (await providerName) ?? t('sso.provider');
  if (!confirm) return notify(t(errorKey, { provider }), { error: true });
  try {
    await session.joinProvider();
    notify(t('sso.linked', { provider }));
  } catch (error) {
    const key = error.type === 'identity-linked' ? 'sso.link-identity-linked' : 'sso.link-failed';
    notify(t(key, { provider }), { error: true });
  }
}

async function boot() {
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => {});
  // Filled in whenever the options arrive: the sign-in screen shows at once (now, or after a
  // sign-out) and the provider's button joins it.
  const provider = showSignInChoices();
  const joining = linkOutcome(location.search);
  if (location.pathname === '/verify-email') return verifyEmail();
  if (location.pathname === '/reset-password') return showAuth('reset');
  try {
    if (await session.restore()) {
      enterApp();
      if (joining.confirm || joining.errorKey) finishJoining(joining, provider);
      return;
    }
  } catch (error) {
    if (error.type === 'forbidden-origin') return showOriginRefused(error);
    notify(t('session.unreachable'), { error: true });
  }
  showAuth(location.hash.slice(1) || 'sign-in');
}

boot();
