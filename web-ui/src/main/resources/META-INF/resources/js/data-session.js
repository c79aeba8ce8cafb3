// Data sessions: one peer connection per contact for chat and files, opened on demand. What
// arrives on them is announced on the store: 'data-message' ({peerId, message}) for the chat
// channel, 'file-channel' ({peerId, channel}) for a file's own channel, 'data-open' ({peerId}) when
// the chat channel opens, 'data-closed' ({peerId}).

import { PeerLink } from './peer.js';
import { contactName, conversationWith } from './store.js';
import { transferIdOf } from './files.js';
import { t } from './ui/messages.js';
import { notify } from './ui/notice.js';

/** Reasons a session closes without telling the peer (it already knows, or cannot be told). */
// Closed without a hangup to the peer: they ended it, it was replaced, or another of this person's
// devices holds it (a hangup from here would end theirs).
const SILENT_CLOSE = ['remote', 'replaced', 'offline', 'refused', 'elsewhere'];

export class DataSession {
  #store;

  constructor(store, peerId, callId, initiator) {
    this.#store = store;
    this.peerId = peerId;
    this.callId = callId;
    this.outbox = [];
    this.closed = false;
    const { signaling, iceServers, settings } = store.state;
    this.link = new PeerLink({
      signaling,
      peerId,
      callId,
      media: 'data',
      initiator,
      iceServers,
      relayOnly: settings.relayOnly,
    });
    this.link.pc.ondatachannel = ({ channel }) => {
      if (channel.label === 'chat') this.#useChat(channel);
      else if (transferIdOf(channel)) store.changed('file-channel', { peerId, channel });
    };
    this.link.addEventListener('failed', ({ detail }) => {
      notify(t(detail.reason === 'turn' ? 'data.turn-failed' : 'data.no-path'), { error: true });
      this.close('failed');
    });
    this.link.addEventListener('turn-unreachable', () => {
      notify(t(this.link.hasTurn ? 'data.turn-unreachable' : 'data.no-turn'), { error: true });
      this.close('failed');
    });
    this.link.addEventListener('state', ({ detail }) => {
      if (detail.state === 'failed' || detail.state === 'closed') this.close(detail.state);
    });
  }

  /** The open session with `peerId`, or a new one this side offers. */
  static open(store, peerId) {
    const conversation = conversationWith(store, peerId);
    if (conversation.data && !conversation.data.closed) return conversation.data;
    const session = new DataSession(store, peerId, crypto.randomUUID(), true);
    conversation.data = session;
    session.#useChat(session.link.pc.createDataChannel('chat', { ordered: true }));
    session.link.offer();
    return session;
  }

  /** A contact's offer; when both sides offered at once, the lower user id keeps its own. */
  static async incoming(store, frame) {
    const peerId = frame.from.userId;
    if (store.state.contacts.get(peerId)?.state !== 'ACCEPTED') return;
    const conversation = conversationWith(store, peerId);
    const existing = conversation.data;
    if (existing && !existing.closed) {
      const bothOpening = existing.link.initiator && existing.link.pc.signalingState === 'have-local-offer';
      if (bothOpening && store.state.user.id < peerId) return;
      store.state.signaling.send({ type: 'hangup', to: peerId, callId: existing.callId });
      existing.close('replaced');
    }
    const replacement = new DataSession(store, peerId, frame.callId, false);
    if (existing) replacement.outbox = existing.outbox;
    conversation.data = replacement;
    await replacement.link.acceptOffer(frame.sdp);
  }

  async onSignal(frame) {
    switch (frame.type) {
      case 'answer':
        return this.link.acceptAnswer(frame.sdp);
      case 'offer':
        return this.link.acceptOffer(frame.sdp);
      case 'candidate':
        return this.link.addCandidate(frame.candidate);
      case 'hangup':
      case 'reject':
      case 'busy':
        return this.close('remote');
      case 'call-settled':
        // Another device of this person answered the contact first: it holds the session.
        if (frame.from.sessionId !== this.#store.state.signaling?.sessionId) return this.close('elsewhere');
    }
  }

  #useChat(channel) {
    this.chat = channel;
    channel.onopen = () => {
      for (const message of this.outbox.splice(0)) channel.send(JSON.stringify(message));
      this.#store.changed('messages', this.peerId);
      this.#store.changed('data-open', { peerId: this.peerId });
    };
    channel.onmessage = (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return; // not ours: a peer speaks JSON on this channel
      }
      this.#store.changed('data-message', { peerId: this.peerId, message });
    };
    channel.onclose = () => this.close('closed');
  }

  send(message) {
    if (this.chat?.readyState === 'open') this.chat.send(JSON.stringify(message));
    else this.outbox.push(message);
  }

  close(reason) {
    if (this.closed) return;
    this.closed = true;
    if (!SILENT_CLOSE.includes(reason))
      this.#store.state.signaling?.send({ type: 'hangup', to: this.peerId, callId: this.callId });
    this.link.close();
    if (reason !== 'replaced' && this.#store.state.conversations.get(this.peerId)?.data === this) {
      this.#store.changed('data-closed', { peerId: this.peerId });
    }
  }
}

/** The session to chat or send files with `peerId`, or null (and a notice) when they are offline. */
export function dataSessionWith(store, peerId) {
  if (!store.state.contacts.get(peerId)?.online) {
    notify(t('chat.offline', { name: contactName(store, peerId) }), { error: true });
    return null;
  }
  return DataSession.open(store, peerId);
}
