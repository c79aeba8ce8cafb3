// Chat messages relayed through the server for a contact who is away (docs/protocol.md, "message"):
// what goes into a message's body, what is read back out of one, and receipts in frames of at most
// MAX_RECEIPT_IDS. Pure, so it is unit-tested without a browser.
//
// The body made here is what the frame's sealed payload carries (signal-sealer.js seals `body` for
// every device of the contact, as it seals an SDP): the server relays and stores ciphertext only.

/** The longest text one chat message may carry (the same as peer-to-peer). */
export const MAX_TEXT_LENGTH = 4000;

/** Messages one receipt frame may name (the server's limit). */
export const MAX_RECEIPT_IDS = 100;

const MESSAGE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The body of a relayed message: its text and when it was written. */
export function sealBody({ text, at }) {
  return JSON.stringify({ v: 1, text, at });
}

/** A relayed body back to {text, at}, or null if it is not a message this client can show. */
export function openBody(body) {
  let value;
  try {
    value = JSON.parse(body);
  } catch {
    return null;
  }
  if (!value || value.v !== 1) return null;
  if (typeof value.text !== 'string' || value.text.length === 0 || value.text.length > MAX_TEXT_LENGTH) return null;
  if (!Number.isFinite(value.at)) return null;
  return { text: value.text, at: value.at };
}

/** A received `message` frame as a conversation message, or null when it cannot be shown. */
export function receivedMessage(frame) {
  if (typeof frame?.messageId !== 'string' || !MESSAGE_ID.test(frame.messageId)) return null;
  const content = openBody(frame.body);
  if (!content) return null;
  return { id: frame.messageId, text: content.text, at: content.at, mine: false, relayed: true };
}

/** Receipt frames for `ids` (in order, at most MAX_RECEIPT_IDS each). */
export function receiptFrames(to, ids, state) {
  const frames = [];
  for (let i = 0; i < ids.length; i += MAX_RECEIPT_IDS) {
    frames.push({ type: 'message-receipt', to, messageIds: ids.slice(i, i + MAX_RECEIPT_IDS), state });
  }
  return frames;
}

/** What a message of mine shows: failed, sending, sent, delivered or read. */
export function deliveryState(message) {
  if (message.failed) return 'failed';
  if (message.read) return 'read';
  if (message.delivered) return 'delivered';
  if (message.relayed && !message.stored) return 'sending';
  return 'sent';
}
