// End-to-end sealed signaling (issue 19), between the transport and the app: a frame that carries
// an SDP, an ICE candidate or a relayed message's text is sealed for every device of its recipient
// (the key directory's list) before it leaves this page, and opened here before the app sees it.
// The servers route on what stays outside (type, recipient, call or message id, media kind); what
// is inside reaches only the devices it was sealed for, signed by the device that sent it.

import { SealError, open, seal } from './logic/sealed-signal.js';

/** The frame types whose payload is sealed, and the fields that make it. */
export const SEALED_FIELDS = Object.freeze({
  offer: ['sdp'],
  answer: ['sdp'],
  candidate: ['candidate'],
  message: ['body'],
});

/** What a frame's payload is bound to besides the people: its call, or the message it is. */
const boundId = (frame) => frame.callId ?? frame.messageId;

export class SignalSealer {
  #directory;
  #registration; // {registered()}: this device's identity ({userId, deviceId, signing, agreement})

  constructor(directory, registration) {
    this.#directory = directory;
    this.#registration = registration;
  }

  /** The frame as it goes on the wire: its payload sealed, or the frame itself if it has none. */
  async seal(frame) {
    const fields = SEALED_FIELDS[frame.type];
    if (!fields) return frame;
    const identity = await this.#registration.registered();
    const recipients = await this.#directory.recipients(frame.to);
    if (recipients.length === 0) throw new SealError('no-keys');
    const outside = { ...frame };
    for (const field of fields) delete outside[field];
    const bound = {
      fromUser: identity.userId,
      fromDevice: identity.deviceId,
      toUser: frame.to,
      callId: boundId(frame),
      type: frame.type,
    };
    const payload = Object.fromEntries(fields.map((field) => [field, frame[field] ?? null]));
    return { ...outside, sealed: await seal(payload, bound, recipients, identity.signing.privateKey) };
  }

  /**
   * The frame as the app uses it; null when it was sealed for this person's other devices only.
   * Throws SealError when it must not be applied: plaintext, tampered, replayed, or from a device
   * the key directory does not list.
   */
  async open(frame) {
    const fields = SEALED_FIELDS[frame.type];
    if (!fields) return frame;
    if (!frame.sealed || fields.some((field) => field in frame)) throw new SealError('plaintext');
    const identity = await this.#registration.registered();
    if (!Object.hasOwn(frame.sealed.keys ?? {}, identity.deviceId)) return null;
    const fromUser = frame.from?.userId;
    const senderKey = fromUser && (await this.#directory.signingKey(fromUser, frame.sealed.sender));
    if (!senderKey) throw new SealError('unknown-device');
    const payload = await open(
      frame.sealed,
      { fromUser, toUser: identity.userId, callId: boundId(frame), type: frame.type },
      { deviceId: identity.deviceId, agreementKey: identity.agreement.privateKey },
      senderKey,
    );
    if (!validPayload(frame.type, payload)) throw new SealError('malformed');
    const outside = { ...frame };
    delete outside.sealed;
    return { ...outside, ...payload };
  }
}

function validPayload(type, payload) {
  if (payload === null || typeof payload !== 'object') return false;
  const keys = Object.keys(payload);
  if (keys.length !== 1) return false;
  if (type === 'candidate') return payload.candidate === null || typeof payload.candidate === 'object';
  return typeof payload[SEALED_FIELDS[type][0]] === 'string';
}
