// The client's state, in one place. Screens read `store.state` and subscribe to the topics they
// draw; whoever changes a part of the state announces its topic, so each screen redraws only
// when something it shows has changed.
//
// Topics: 'contacts' (the contact list and presence), 'selected' (the open conversation),
// 'messages' and 'transfers' (of a conversation; detail is the contact's id), 'call', 'settings',
// 'call-record' (a call ended here, for the history; detail is what to record), 'keys-changed'
// (a user's device keys changed; detail is the user id).

export class Store {
  #listeners = new Map();

  constructor(initial) {
    this.state = initial;
  }

  /** Calls `listener(detail)` after every change of `topic`; returns the function that stops it. */
  on(topic, listener) {
    if (!this.#listeners.has(topic)) this.#listeners.set(topic, new Set());
    this.#listeners.get(topic).add(listener);
    return () => this.#listeners.get(topic).delete(listener);
  }

  /** Says that `topic` changed; listeners run now, in the order they subscribed. */
  changed(topic, detail) {
    for (const listener of [...(this.#listeners.get(topic) || [])]) listener(detail);
  }

  /** Applies `change` to the state and announces `topic`. */
  update(topic, change, detail) {
    change(this.state);
    this.changed(topic, detail);
  }
}

/** The one store of the page, with the shape every screen relies on. */
export function createAppStore() {
  return new Store({
    user: null,
    signaling: null,
    iceServers: [],
    contacts: new Map(), // userId → {userId, username, displayName, state, online}
    selected: null, // the userId whose conversation is open
    conversations: new Map(), // userId → {messages, transfers, data (DataSession)}
    call: null, // {callId, peerId, media, outgoing, link, local, screen, state, startedAt}
    incoming: null, // {callId, peerId, media, sdp, candidates, stopSound, notification}
    settings: { relayOnly: false },
  });
}

export function contactName(store, userId) {
  const contact = store.state.contacts.get(userId);
  return contact ? contact.displayName || contact.username : 'Someone';
}

export function conversationWith(store, userId) {
  let conversation = store.state.conversations.get(userId);
  if (!conversation) {
    conversation = { messages: [], transfers: new Map(), data: null };
    store.state.conversations.set(userId, conversation);
  }
  return conversation;
}
