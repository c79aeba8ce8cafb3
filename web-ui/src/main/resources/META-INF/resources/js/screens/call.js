// Calls: placing one, the incoming-call dialog, the call screen (the other person's name, avatar
// when their camera is off, their mute and camera state, a timer) and its controls. A call that
// cannot connect ends with the reason and what to do next.
//
// Mute and camera state travel peer-to-peer on a small data channel of the call itself ('call').

import { PeerLink, hasTurnServer } from '../peer.js';
import { caughtUpOffer } from '../logic/catch-up.js';
import { fingerprintOf, formatDuration, initials, nextCallState, rejoinable } from '../logic/call-ui.js';
import { mediaConstraints } from '../logic/devices.js';
import { ringback, ringtone, soundAllowed, unlockSound } from '../sounds.js';
import { contactName } from '../store.js';
import { $ } from '../ui/dom.js';
import { t } from '../ui/messages.js';
import { dismissContext, notify } from '../ui/notice.js';

/** A call that has not connected this long after it was answered ends with a reason. */
export const CONNECT_TIMEOUT_MS = 30_000;
/** A page reloaded during a call rejoins it if it is back within this time (sessionStorage: this tab only). */
export const REJOIN_WITHIN_MS = 60_000;
/** The other side's page went away mid-call: the call waits this long for it to come back. */
export const PEER_AWAY_MS = 45_000;
const CALL_KEY = 'cybernet.call';

function mediaErrorMessage(error) {
  const key = { NotAllowedError: 'media.denied', NotFoundError: 'media.not-found', NotReadableError: 'media.in-use' }[
    error?.name
  ];
  return key ? t(key) : t('media.other', { reason: error?.message || error });
}

/** The call remembered by this tab before a reload, or null (nothing, or not ours to read). */
function readRemembered() {
  try {
    return JSON.parse(sessionStorage.getItem(CALL_KEY));
  } catch {
    return null;
  }
}

export class CallScreen {
  #store;
  #clock = null;
  #caughtUpOffers = new Map(); // callId → {frame, ended}: offers that came while this device was away

  constructor(store) {
    this.#store = store;
    $('#audio-call').addEventListener('click', () => this.start(store.state.selected, 'audio'));
    $('#video-call').addEventListener('click', () => this.start(store.state.selected, 'video'));
    $('#hangup').addEventListener('click', () => this.end(t('call.ended'), { notifyPeer: true }));
    $('#accept-call').addEventListener('click', () => this.accept());
    $('#decline-call').addEventListener('click', () => this.decline());
    $('#sound-on').addEventListener('click', () => {
      unlockSound();
      $('#sound-blocked').hidden = true;
    });
    $('#mute').addEventListener('click', () => this.#toggleTrack('audio'));
    $('#camera').addEventListener('click', () => this.#toggleTrack('video'));
    $('#share').addEventListener('click', () => this.#toggleShare());
    $('#fullscreen').addEventListener('click', () => this.#fullscreen());
    $('#pip').addEventListener('click', () => this.#pictureInPicture());
    $('#pip').hidden = !document.pictureInPictureEnabled;
    // Reloading or closing the tab does not hang up: the call is remembered for this tab, which
    // rejoins it when it comes back in time (rejoin()); the other side shows "reconnecting".
    window.addEventListener('pagehide', () => {
      if (this.call?.connectedAt) this.#remember(this.call);
    });
  }

  get call() {
    return this.#store.state.call;
  }

  #setState(call, event, text) {
    const next = nextCallState(call.state ?? 'idle', event);
    call.state = next;
    document.body.dataset.callState = next;
    document.body.classList.toggle('in-call', next !== 'idle');
    $('#call').dataset.state = next;
    if (text) $('#call-state').textContent = text;
    if (next === 'connected') {
      call.connectedAt ??= Date.now();
      clearTimeout(call.connectTimer);
      this.#startClock(call);
      this.#remember(call);
    }
    this.#store.changed('call');
  }

  #startClock(call) {
    clearInterval(this.#clock);
    const tick = () => {
      $('#call-timer').textContent = formatDuration(Date.now() - call.connectedAt);
    };
    tick();
    this.#clock = setInterval(tick, 1000);
  }

  /**
   * Starts the camera and microphone and the peer connection of a call this side offers (a new
   * call, or a rejoin); false when the media failed (`onMediaError` said so) or the call ended
   * meanwhile.
   */
  async #openAsOfferer(call, onMediaError) {
    try {
      call.local = await this.#localMedia(call.media);
    } catch (error) {
      onMediaError(error);
      return false;
    }
    if (this.call !== call) {
      for (const track of call.local.getTracks()) track.stop();
      return false;
    }
    this.#showCall(call);
    call.link = this.#link(call, true);
    this.#attachTracks(call.link, call.local, { initiator: true });
    return true;
  }

  /** The camera and microphone for a call, as chosen in Settings. */
  #localMedia(media) {
    return navigator.mediaDevices.getUserMedia(mediaConstraints(media, this.#store.state.settings.devices));
  }

  #link(call, initiator) {
    const { signaling, iceServers, settings } = this.#store.state;
    const link = new PeerLink({
      signaling,
      peerId: call.peerId,
      callId: call.callId,
      media: call.media,
      initiator,
      iceServers,
      relayOnly: settings.relayOnly,
    });
    const remote = new MediaStream();
    $('#remote-video').srcObject = remote;
    const speaker = this.#store.state.settings.devices?.speaker;
    if (speaker && $('#remote-video').setSinkId)
      $('#remote-video')
        .setSinkId(speaker)
        .catch(() => {});
    link.pc.ontrack = ({ track }) => {
      remote.addTrack(track);
      if (track.kind === 'video') {
        track.addEventListener('mute', () => this.#showPeerState(call));
        track.addEventListener('unmute', () => this.#showPeerState(call));
      }
    };
    const current = () => this.call === call && call.link === link;
    link.addEventListener('state', ({ detail }) => {
      if (detail.state === 'connected' && current())
        this.#setState(call, 'connected', t('call.connected', { name: contactName(this.#store, call.peerId) }));
    });
    link.addEventListener('restarting', ({ detail }) => {
      if (current() && !call.peerAway)
        this.#setState(call, 'restarting', t('call.reconnecting', { attempt: detail.attempt }));
    });
    link.addEventListener('failed', ({ detail }) => {
      // While the other side's page is away, its return replaces this connection.
      if (current() && !call.peerAway)
        this.end(t(detail.reason === 'turn' ? 'call.turn-unreachable' : 'call.no-path'), {
          notifyPeer: true,
          error: true,
          settings: detail.reason === 'turn',
        });
    });
    link.addEventListener('turn-unreachable', () => {
      if (current())
        this.end(t(link.hasTurn ? 'call.turn-unreachable' : 'call.no-turn'), {
          notifyPeer: true,
          error: true,
          settings: true,
        });
    });
    if (initiator) this.#useStateChannel(call, link.pc.createDataChannel('call', { ordered: true }));
    link.pc.ondatachannel = ({ channel }) => {
      if (channel.label === 'call') this.#useStateChannel(call, channel);
    };
    return link;
  }

  #useStateChannel(call, channel) {
    call.stateChannel = channel;
    channel.onopen = () => this.#sendOwnState(call);
    channel.onmessage = ({ data }) => {
      try {
        const { mic, camera } = JSON.parse(data);
        call.peerState = { mic: mic !== false, camera: camera !== false };
      } catch {
        return;
      }
      this.#showPeerState(call);
    };
  }

  #sendOwnState(call) {
    if (call.stateChannel?.readyState !== 'open') return;
    const audio = call.local?.getAudioTracks()[0];
    const video = call.screen?.getVideoTracks()[0] || call.local?.getVideoTracks()[0];
    call.stateChannel.send(JSON.stringify({ mic: !!audio?.enabled, camera: !!video?.enabled }));
  }

  /** The other person's name, avatar when no picture arrives, and their mute/camera state. */
  #showPeerState(call) {
    if (this.call !== call) return;
    const name = contactName(this.#store, call.peerId);
    const remoteVideo = $('#remote-video').srcObject?.getVideoTracks()[0];
    const picture = call.media === 'video' && call.peerState?.camera !== false && remoteVideo && !remoteVideo.muted;
    $('#peer-avatar').hidden = !!picture;
    $('#peer-avatar-initials').textContent = initials(name);
    $('#peer-label').textContent = name;
    const muted = call.peerState?.mic === false;
    $('#peer-muted').hidden = !muted;
    $('#peer-muted').textContent = t('call.muted-peer', { name });
    $('#peer-camera-off').hidden = !(call.media === 'video' && call.peerState?.camera === false);
    $('#peer-camera-off').textContent = t('call.camera-off-peer', { name });
  }

  /** Audio and video transceivers on both sides, so screen sharing is a track swap, not a renegotiation. */
  #attachTracks(link, stream, { initiator }) {
    const audio = stream.getAudioTracks()[0] || null;
    const video = stream.getVideoTracks()[0] || null;
    if (initiator) {
      link.pc.addTransceiver(audio || 'audio', { direction: 'sendrecv', streams: [stream] });
      link.pc.addTransceiver(video || 'video', { direction: 'sendrecv', streams: [stream] });
      return;
    }
    for (const transceiver of link.pc.getTransceivers()) {
      transceiver.direction = 'sendrecv';
      transceiver.sender.replaceTrack(transceiver.receiver.track.kind === 'audio' ? audio : video);
    }
  }

  #showCall(call) {
    $('#call').hidden = false;
    $('#local-video').srcObject = call.local;
    $('#local-tile').hidden = call.media !== 'video';
    $('#call-timer').textContent = '';
    this.#showPeerState(call);
  }

  /** After the camera could not start: nothing was sent yet, so the UI simply goes back. */
  #abandon(call, error) {
    this.#store.state.call = null;
    $('#call').hidden = true;
    document.body.dataset.callState = 'idle';
    document.body.classList.remove('in-call');
    notify(mediaErrorMessage(error), { error: true, sticky: true });
    this.#store.changed('call');
  }

  /** Asked before each call is placed (verification.js: a contact whose keys changed); true to go on. */
  beforeCall = async () => true;

  async start(peerId, media) {
    if (!peerId) return;
    const { state } = this.#store;
    if (state.call || state.incoming) {
      notify(t('call.finish-first'), { error: true });
      return;
    }
    if (!(await this.beforeCall(peerId)) || state.call || state.incoming) return;
    const name = contactName(this.#store, peerId);
    // Someone away is called all the same: the call rings on any device they open before the ring
    // timeout, and they hear that you called (a missed-call email, and the app when they return).
    const away = !state.contacts.get(peerId)?.online;
    if (state.settings.relayOnly && !hasTurnServer(state.iceServers)) {
      // It could not connect: nobody is rung for it.
      notify(t('call.no-turn'), {
        error: true,
        sticky: true,
        action: { label: 'Open settings', run: () => $('#settings-button').click() },
      });
      return;
    }
    const call = {
      callId: crypto.randomUUID(),
      peerId,
      media,
      outgoing: true,
      placedByMe: true,
      startedAt: Date.now(),
      state: 'idle',
    };
    state.call = call;
    $('#call').hidden = false;
    this.#setState(call, 'dial', t('call.starting'));
    if (!(await this.#openAsOfferer(call, (error) => this.#abandon(call, error)))) return;
    this.#setState(call, 'dialled', t(away ? 'call.calling-away' : 'call.calling', { name }));
    call.stopSound = ringback();
    await call.link.offer();
  }

  /** A signal that came while no page of this device was open (the catch-up on opening). */
  onCaughtUp(frame) {
    if (frame.type === 'offer' && frame.newCall && frame.media !== 'data') {
      this.#caughtUpOffers.set(frame.callId, { frame, ended: false });
    } else if (frame.type === 'call-settled') {
      // Answered or declined on another device: neither rung here nor missed.
      this.#caughtUpOffers.delete(frame.callId);
    } else if (['hangup', 'reject', 'busy'].includes(frame.type) && this.#caughtUpOffers.has(frame.callId)) {
      this.#caughtUpOffers.get(frame.callId).ended = true;
    }
  }

  /**
   * Everything that came while this device was away is applied: a call that still rings rings
   * here; the others are missed calls, said once, with a way to call back.
   */
  caughtUp() {
    const { state } = this.#store;
    const rejoining = readRemembered()?.callId;
    const missed = [];
    for (const { frame, ended } of this.#caughtUpOffers.values()) {
      if (frame.callId === state.call?.callId || frame.callId === rejoining) continue;
      if (caughtUpOffer(frame, ended) === 'ring' && !state.call && !state.incoming) {
        this.onIncoming({ ...frame, caughtUp: false });
      } else {
        missed.push(frame);
        this.#record(
          { callId: frame.callId, peerId: frame.from.userId, media: frame.media, outgoing: false, startedAt: frame.at },
          'missed',
        );
      }
    }
    this.#caughtUpOffers.clear();
    const last = missed.at(-1);
    if (!last) return;
    const peerId = last.from.userId;
    const name = contactName(this.#store, peerId);
    const time = new Date(last.at ?? Date.now()).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    const text =
      missed.length === 1
        ? t('call.missed-at', { name, time })
        : t('call.missed-while-away', { count: missed.length, name, time });
    notify(text, {
      sticky: true,
      action: { label: t('call.call-back'), run: () => this.start(peerId, last.media === 'audio' ? 'audio' : 'video') },
    });
  }

  /** A frame of the current call. */
  async onSignal(frame) {
    const call = this.call;
    if (!call || frame.callId !== call.callId) return;
    const name = contactName(this.#store, call.peerId);
    switch (frame.type) {
      case 'ringing':
        this.#setState(call, 'ringing', call.state === 'calling' ? t('call.ringing', { name }) : null);
        break;
      case 'accept':
        call.stopSound?.();
        this.#setState(call, 'accepted', t('call.connecting'));
        this.#armConnectTimeout(call);
        break;
      case 'answer':
        call.stopSound?.();
        await call.link.acceptAnswer(frame.sdp);
        break;
      case 'offer':
        if (this.#fromNewPeerConnection(call, frame.sdp)) await this.#reconnect(call, frame.sdp);
        else await call.link.acceptOffer(frame.sdp);
        break;
      case 'candidate':
        if (call.link) await call.link.addCandidate(frame.candidate);
        else (call.earlyCandidates ??= []).push(frame.candidate); // still starting the camera
        break;
      case 'reject':
        this.end(t('call.declined', { name }));
        break;
      case 'busy':
        this.end(t('call.busy', { name }));
        break;
      case 'hangup':
        this.end(t(frame.reason === 'timeout' ? 'call.no-answer' : 'call.hung-up', { name }));
        break;
      case 'call-settled':
        // Still picking up here when another device of this person took (or declined) the call.
        if (!call.outgoing && frame.from.sessionId !== this.#store.state.signaling?.sessionId) {
          this.settledElsewhere(frame.callId, frame.outcome);
        }
        break;
    }
  }

  /**
   * Another device of this person answered or declined the call ringing (or being picked up) here:
   * it stops at once, without a word to the caller, whose call goes on with that device.
   */
  settledElsewhere(callId, outcome) {
    const { state } = this.#store;
    const peerId = state.incoming?.callId === callId ? state.incoming.peerId : state.call?.peerId;
    const elsewhere = outcome === 'answered' ? 'answered-elsewhere' : 'declined-elsewhere';
    const text = t(`call.${elsewhere}`, { name: contactName(this.#store, peerId) });
    if (state.incoming?.callId === callId) {
      const incoming = state.incoming;
      this.#clearIncoming();
      this.#record(incoming, elsewhere);
      notify(text);
    } else if (state.call?.callId === callId && !state.call.outgoing) {
      this.end(text, { outcome: elsewhere });
    }
  }

  #armConnectTimeout(call) {
    clearTimeout(call.connectTimer);
    call.connectTimer = setTimeout(() => {
      if (this.call === call && call.state !== 'connected') {
        const { relayOnly } = this.#store.state.settings;
        this.end(t(relayOnly ? (call.link?.hasTurn ? 'call.turn-unreachable' : 'call.no-turn') : 'call.no-path'), {
          notifyPeer: true,
          error: true,
          settings: relayOnly,
        });
      }
    }, CONNECT_TIMEOUT_MS);
  }

  onIncoming(frame) {
    const { state } = this.#store;
    const peerId = frame.from.userId;
    if (state.call || state.incoming) {
      state.signaling.send({ type: 'busy', to: peerId, callId: frame.callId });
      this.#record(
        { callId: frame.callId, peerId, media: frame.media, outgoing: false, startedAt: Date.now() },
        'missed',
      );
      return;
    }
    const incoming = {
      callId: frame.callId,
      peerId,
      media: frame.media,
      sdp: frame.sdp,
      candidates: [],
      startedAt: Date.now(),
    };
    state.incoming = incoming;
    state.signaling.send({ type: 'ringing', to: peerId, callId: frame.callId });
    const text = t('call.incoming', {
      name: contactName(this.#store, peerId),
      media: frame.media === 'video' ? 'video' : 'audio',
    });
    $('#incoming-text').textContent = text;
    $('#incoming').hidden = false;
    document.body.dataset.callState = 'incoming';
    $('#accept-call').focus();
    incoming.stopSound = ringtone();
    // After a reload the browser keeps audio blocked until the person interacts with the page:
    // then the ringtone is silent, so say so and offer the click that unblocks it.
    setTimeout(() => {
      if (this.#store.state.incoming === incoming) $('#sound-blocked').hidden = soundAllowed();
    }, 300);
    if (document.hidden && 'Notification' in window && Notification.permission === 'granted') {
      incoming.notification = new Notification('Incoming call', {
        body: text,
        tag: frame.callId,
        requireInteraction: true,
      });
      incoming.notification.onclick = () => {
        window.focus();
        incoming.notification.close();
      };
    }
  }

  /** A frame of the call that is ringing here. */
  onIncomingSignal(frame) {
    const incoming = this.#store.state.incoming;
    if (!incoming || frame.callId !== incoming.callId) return;
    if (frame.type === 'candidate') incoming.candidates.push(frame.candidate);
    if (frame.type === 'hangup') {
      this.#clearIncoming();
      this.#record(incoming, 'missed');
      notify(t('call.missed', { name: contactName(this.#store, incoming.peerId) }));
    }
    if (frame.type === 'call-settled' && frame.from.sessionId !== this.#store.state.signaling?.sessionId) {
      this.settledElsewhere(frame.callId, frame.outcome);
    }
  }

  #clearIncoming() {
    const { state } = this.#store;
    const incoming = state.incoming;
    if (!incoming) return;
    incoming.stopSound?.();
    incoming.notification?.close();
    state.incoming = null;
    $('#incoming').hidden = true;
    $('#sound-blocked').hidden = true;
    if (!state.call) document.body.dataset.callState = 'idle';
  }

  decline({ silent = false } = {}) {
    const { incoming, signaling } = this.#store.state;
    if (!incoming) return;
    signaling?.send({ type: 'reject', to: incoming.peerId, callId: incoming.callId });
    this.#clearIncoming();
    this.#record(incoming, 'declined');
    if (!silent) notify(t('call.declined-by-me'));
  }

  async accept() {
    const { state } = this.#store;
    const incoming = state.incoming;
    if (!incoming) return;
    this.#clearIncoming();
    const call = {
      callId: incoming.callId,
      peerId: incoming.peerId,
      media: incoming.media,
      outgoing: false,
      placedByMe: false,
      startedAt: incoming.startedAt,
      state: 'idle',
    };
    state.call = call;
    this.#store.update('selected', (s) => {
      s.selected = call.peerId;
    });
    $('#call').hidden = false;
    this.#setState(call, 'pick-up', t('call.starting'));
    try {
      call.local = await this.#localMedia(call.media);
    } catch (error) {
      state.signaling.send({ type: 'reject', to: call.peerId, callId: call.callId });
      this.#abandon(call, error);
      return;
    }
    this.#showCall(call);
    call.link = this.#link(call, false);
    state.signaling.send({ type: 'accept', to: call.peerId, callId: call.callId });
    this.#setState(call, 'answered', t('call.connecting'));
    this.#armConnectTimeout(call);
    await call.link.acceptOffer(incoming.sdp, () => this.#attachTracks(call.link, call.local, { initiator: false }));
    for (const candidate of [...incoming.candidates, ...(call.earlyCandidates || [])])
      await call.link.addCandidate(candidate);
  }

  #remember(call) {
    const { callId, peerId, media, connectedAt, placedByMe, startedAt } = call;
    sessionStorage.setItem(
      CALL_KEY,
      JSON.stringify({ callId, peerId, media, connectedAt, placedByMe, startedAt, savedAt: Date.now() }),
    );
  }

  /** Into this device's call history (screens/call-history.js); `outcome` when it is not plain. */
  #record(call, outcome) {
    const { callId, peerId, media, startedAt, connectedAt } = call;
    const outgoing = call.placedByMe ?? call.outgoing;
    this.#store.changed('call-record', {
      callId,
      peerId,
      media,
      outgoing,
      startedAt,
      connectedAt,
      endedAt: Date.now(),
      outcome,
    });
  }

  /**
   * After a reload: the call this tab was in, if it is recent, is rejoined with an offer from a
   * new peer connection on the same call id (the server allows either side to renegotiate an
   * accepted call); the other side recognises the new connection and answers it.
   */
  async rejoin() {
    const saved = rejoinable(readRemembered(), Date.now(), REJOIN_WITHIN_MS);
    sessionStorage.removeItem(CALL_KEY);
    const { state } = this.#store;
    if (!saved || state.call || state.incoming) return;
    const call = { ...saved, outgoing: true, rejoining: true, state: 'idle' };
    state.call = call;
    this.#store.update('selected', (s) => {
      s.selected = call.peerId;
    });
    $('#call').hidden = false;
    const name = contactName(this.#store, call.peerId);
    this.#setState(call, 'rejoin', t('call.rejoining', { name }));
    const opened = await this.#openAsOfferer(call, (error) =>
      this.end(mediaErrorMessage(error), { notifyPeer: true, error: true }),
    );
    if (!opened) return;
    this.#armConnectTimeout(call);
    await call.link.offer();
  }

  /** An offer whose DTLS fingerprint differs from the connected one comes from the peer's new page. */
  #fromNewPeerConnection(call, sdp) {
    const known = fingerprintOf(call.link?.pc.remoteDescription?.sdp);
    return known !== null && fingerprintOf(sdp) !== known;
  }

  async #reconnect(call, sdp) {
    call.link.close();
    await call.stopSharing?.();
    this.#peerBack(call);
    this.#setState(call, 'rejoined', t('call.rejoining', { name: contactName(this.#store, call.peerId) }));
    call.link = this.#link(call, false);
    this.#armConnectTimeout(call);
    await call.link.acceptOffer(sdp, () => this.#attachTracks(call.link, call.local, { initiator: false }));
  }

  /** The other person's presence, while a call with them is on: away means their page went. */
  peerPresence(userId, online) {
    const call = this.call;
    if (!call || call.peerId !== userId || !call.connectedAt) return;
    if (online) {
      this.#peerBack(call);
      return;
    }
    if (call.peerAway) return;
    const name = contactName(this.#store, call.peerId);
    call.peerAway = true;
    this.#setState(call, 'peer-away', t('call.peer-away', { name }));
    call.peerAwayTimer = setTimeout(() => {
      if (this.call === call) this.end(t('call.peer-left', { name }), { notifyPeer: true });
    }, PEER_AWAY_MS);
  }

  #peerBack(call) {
    call.peerAway = false;
    clearTimeout(call.peerAwayTimer);
  }

  /** The server refused an offer of the current call: it could not be placed, or rejoined. */
  refused(code, message) {
    const call = this.call;
    if (!call) return;
    if (call.rejoining && ['invalid-state', 'call-not-found', 'not-a-participant'].includes(code)) {
      this.end(t('call.rejoin-ended'));
      return;
    }
    this.end(t('call.not-placed', { reason: code === 'rate-limited' ? t('call.rate-limited') : message }), {
      error: true,
    });
  }

  /** Ends the current call and says why; `settings` offers the settings as the next step. */
  end(message, { notifyPeer = false, error = false, settings = false, outcome } = {}) {
    const { state } = this.#store;
    const call = state.call;
    if (!call) return;
    state.call = null;
    this.#record(call, outcome);
    sessionStorage.removeItem(CALL_KEY);
    clearTimeout(call.connectTimer);
    clearTimeout(call.peerAwayTimer);
    clearInterval(this.#clock);
    call.stopSound?.();
    if (notifyPeer) state.signaling?.send({ type: 'hangup', to: call.peerId, callId: call.callId });
    call.link?.close();
    for (const track of [...(call.local?.getTracks() || []), ...(call.screen?.getTracks() || [])]) track.stop();
    $('#remote-video').srcObject = null;
    $('#local-video').srcObject = null;
    $('#call').hidden = true;
    $('#call').dataset.state = 'idle';
    document.body.classList.remove('in-call');
    for (const id of ['#mute', '#camera', '#share']) $(id).setAttribute('aria-pressed', 'false');
    $('#mute').textContent = 'Mute';
    $('#camera').textContent = 'Camera off';
    $('#share').textContent = 'Share screen';
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    document.body.dataset.callState = state.incoming ? 'incoming' : 'idle';
    dismissContext(call.callId);
    notify(message, {
      error,
      sticky: error,
      action: settings ? { label: 'Open settings', run: () => $('#settings-button').click() } : null,
    });
    this.#store.changed('call');
  }

  #toggleTrack(kind) {
    const call = this.call;
    const track = kind === 'audio' ? call?.local?.getAudioTracks()[0] : call?.local?.getVideoTracks()[0];
    if (!track) {
      if (kind === 'video' && call) notify(t('call.audio-only'), { context: call.callId });
      return;
    }
    track.enabled = !track.enabled;
    const control = $(kind === 'audio' ? '#mute' : '#camera');
    control.setAttribute('aria-pressed', String(!track.enabled));
    control.textContent =
      kind === 'audio' ? (track.enabled ? 'Mute' : 'Unmute') : track.enabled ? 'Camera off' : 'Camera on';
    $('#local-tile').classList.toggle('camera-off', kind === 'video' && !track.enabled);
    this.#sendOwnState(call);
  }

  async #toggleShare() {
    const call = this.call;
    if (!call?.link) return;
    const videoSender = call.link.pc
      .getTransceivers()
      .find((transceiver) => transceiver.receiver.track.kind === 'video')?.sender;
    if (call.screen) {
      await call.stopSharing(); // a track stopped here fires no 'ended'
      return;
    }
    try {
      call.screen = await navigator.mediaDevices.getDisplayMedia({ video: true });
    } catch (error) {
      if (error.name !== 'NotAllowedError')
        notify(t('call.share-unavailable', { reason: error.message }), { error: true });
      return;
    }
    const screenTrack = call.screen.getVideoTracks()[0];
    await videoSender.replaceTrack(screenTrack);
    $('#local-video').srcObject = call.screen;
    $('#local-tile').hidden = false;
    $('#share').setAttribute('aria-pressed', 'true');
    $('#share').textContent = 'Stop sharing';
    this.#sendOwnState(call);
    call.stopSharing = async () => {
      if (!call.screen) return;
      for (const track of call.screen.getTracks()) track.stop();
      call.screen = null;
      if (this.call !== call) return;
      const camera = call.local.getVideoTracks()[0] || null;
      await videoSender.replaceTrack(camera);
      $('#local-video').srcObject = call.local;
      $('#local-tile').hidden = !camera;
      $('#share').setAttribute('aria-pressed', 'false');
      $('#share').textContent = 'Share screen';
      this.#sendOwnState(call);
    };
    // The browser's own "Stop sharing" ends the track.
    screenTrack.addEventListener('ended', () => call.stopSharing());
  }

  #fullscreen() {
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    else
      $('#call')
        .requestFullscreen()
        .catch(() => {});
  }

  #pictureInPicture() {
    if (document.pictureInPictureElement) document.exitPictureInPicture().catch(() => {});
    else
      $('#remote-video')
        .requestPictureInPicture()
        .catch(() => {});
  }

  /** On sign-out: the call ends and a ringing call is declined without a notice. */
  stop() {
    if (this.call) this.end(t('call.signed-out'), { notifyPeer: true });
    this.decline({ silent: true });
  }
}
