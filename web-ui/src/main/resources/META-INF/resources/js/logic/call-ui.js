// The call UI state machine: which state the call screen is in, and which events move it. The
// server runs the authoritative call state machine (signaling-service's call-state-machine.lua);
// this one only decides what the person sees, so events that arrive late or twice change nothing.

export const CALL_STATES = ['idle', 'starting', 'calling', 'ringing', 'connecting', 'connected', 'reconnecting'];

const TRANSITIONS = {
  idle: { dial: 'starting', 'pick-up': 'starting', rejoin: 'reconnecting' },
  starting: { dialled: 'calling', answered: 'connecting', end: 'idle' },
  calling: { ringing: 'ringing', accepted: 'connecting', connected: 'connected', end: 'idle' },
  ringing: { accepted: 'connecting', connected: 'connected', end: 'idle' },
  connecting: { connected: 'connected', restarting: 'reconnecting', end: 'idle' },
  connected: { restarting: 'reconnecting', 'peer-away': 'reconnecting', rejoined: 'reconnecting', end: 'idle' },
  reconnecting: { connected: 'connected', rejoined: 'reconnecting', end: 'idle' },
};

/** The state after `event`; an event that does not apply leaves the state as it is. */
export function nextCallState(state, event) {
  return TRANSITIONS[state]?.[event] ?? state;
}

/** Whether the call has media flowing or being set up, so a hang-up must tell the peer. */
export function isLive(state) {
  return state !== 'idle';
}

/** A call's running time as people read it: 0:07, 12:34, 1:02:03. */
export function formatDuration(milliseconds) {
  const total = Math.max(0, Math.floor(milliseconds / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** One or two letters for an avatar: "Ada Lovelace" → "AL", "bob" → "B". */
export function initials(name) {
  const words = String(name || '?')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const letters = words.length > 1 ? [words[0], words.at(-1)] : words;
  return letters.map((word) => [...word][0].toUpperCase()).join('') || '?';
}

/**
 * The DTLS fingerprint an SDP announces. A peer that comes back with a new page offers from a new
 * RTCPeerConnection, hence a new fingerprint; an ICE restart or renegotiation keeps it.
 */
export function fingerprintOf(sdp) {
  return /^a=fingerprint:(.+)$/m.exec(String(sdp || ''))?.[1].trim() ?? null;
}

/** A call remembered across a reload of the page, if it may still be rejoined at `now`. */
export function rejoinable(saved, now, withinMs) {
  if (!saved || typeof saved.callId !== 'string' || typeof saved.peerId !== 'string') return null;
  if (!['audio', 'video'].includes(saved.media)) return null;
  return now - Number(saved.savedAt) <= withinMs && now >= Number(saved.savedAt) ? saved : null;
}
