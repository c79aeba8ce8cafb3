// One RTCPeerConnection with a contact: an audio/video call or a data session (chat, files).
// Trickle ICE over signaling, candidates queued until the remote description is set, automatic ICE
// restart on failure (up to MAX_ICE_RESTARTS in a row) and on network change.

const MAX_ICE_RESTARTS = 3;
const DISCONNECTED_GRACE_MS = 2500;
const RELAY_GATHER_TIMEOUT_MS = 10_000;

/** Whether the ICE servers include a TURN relay (turn: or turns:). */
export function hasTurnServer(iceServers) {
  return iceServers.some((server) => [].concat(server.urls).some((url) => String(url).startsWith('turn')));
}

export class PeerLink extends EventTarget {
  #signaling;
  #queuedCandidates = [];
  #restarts = 0;
  #disconnectedTimer = null;
  #relayCandidates = 0;
  #relayTimer = null;
  #relayVerdict = false;
  #previousStats = null;

  constructor({ signaling, peerId, callId, media, initiator, iceServers, relayOnly }) {
    super();
    this.#signaling = signaling;
    this.peerId = peerId;
    this.callId = callId;
    this.media = media;
    this.initiator = initiator;
    this.relayOnly = relayOnly;
    this.hasTurn = hasTurnServer(iceServers);
    this.pc = new RTCPeerConnection({ iceServers, iceTransportPolicy: relayOnly ? 'relay' : 'all' });
    this.pc.onicecandidate = (event) => {
      if (event.candidate?.type === 'relay') {
        this.#relayCandidates++;
        clearTimeout(this.#relayTimer);
      }
      this.#send({ type: 'candidate', candidate: event.candidate ? event.candidate.toJSON() : null });
    };
    this.pc.onicegatheringstatechange = () => {
      if (this.pc.iceGatheringState === 'complete') this.#checkRelay();
    };
    if (relayOnly) {
      // Relay only needs a TURN server that answers. Without one Chromium never finishes gathering
      // (no end-of-candidates), so the verdict cannot wait for 'complete': no TURN server is known
      // at once, an unanswering one after RELAY_GATHER_TIMEOUT_MS.
      if (!this.hasTurn) setTimeout(() => this.#checkRelay(), 0);
      else this.#relayTimer = setTimeout(() => this.#checkRelay(), RELAY_GATHER_TIMEOUT_MS);
    }
    this.pc.oniceconnectionstatechange = () => this.#onIceState();
    this.pc.onconnectionstatechange = () => this.#emit('state', { state: this.pc.connectionState });
  }

  async offer() {
    await this.pc.setLocalDescription(await this.pc.createOffer());
    this.#send({ type: 'offer', media: this.media, sdp: this.pc.localDescription.sdp });
  }

  /** The first offer, or a renegotiation (ICE restart) from the other side. */
  async acceptOffer(sdp, beforeAnswer = () => {}) {
    await this.pc.setRemoteDescription({ type: 'offer', sdp });
    await this.#drainCandidates();
    await beforeAnswer();
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    this.#send({ type: 'answer', sdp: this.pc.localDescription.sdp });
  }

  async acceptAnswer(sdp) {
    if (this.pc.signalingState !== 'have-local-offer') return;
    await this.pc.setRemoteDescription({ type: 'answer', sdp });
    await this.#drainCandidates();
  }

  async addCandidate(candidate) {
    if (!this.pc.remoteDescription) {
      this.#queuedCandidates.push(candidate);
      return;
    }
    await this.pc.addIceCandidate(candidate ?? undefined).catch(() => {});
  }

  /** On a network change; only the initiator offers, so both sides never restart at once. */
  restartIce() {
    if (this.initiator && this.pc.signalingState === 'stable' && this.pc.connectionState !== 'closed') {
      this.pc
        .setLocalDescription(this.pc.createOffer({ iceRestart: true }))
        .then(() => this.#send({ type: 'offer', media: this.media, sdp: this.pc.localDescription.sdp }))
        .catch(() => {});
    }
  }

  /** Relay only and no relay candidate: said once ('turn-unreachable'), so the caller can end the call. */
  #checkRelay() {
    if (!this.relayOnly || this.#relayCandidates > 0 || this.#relayVerdict || this.pc.connectionState === 'closed')
      return;
    this.#relayVerdict = true;
    this.#emit('turn-unreachable');
  }

  close() {
    clearTimeout(this.#disconnectedTimer);
    clearTimeout(this.#relayTimer);
    this.pc.close();
  }

  async #drainCandidates() {
    const queued = this.#queuedCandidates;
    this.#queuedCandidates = [];
    for (const candidate of queued) await this.pc.addIceCandidate(candidate ?? undefined).catch(() => {});
  }

  #onIceState() {
    const state = this.pc.iceConnectionState;
    this.#emit('state', { ice: state });
    clearTimeout(this.#disconnectedTimer);
    if (state === 'connected' || state === 'completed') {
      this.#restarts = 0;
    } else if (state === 'disconnected') {
      this.#disconnectedTimer = setTimeout(() => this.#restartAfterFailure(), DISCONNECTED_GRACE_MS);
    } else if (state === 'failed') {
      this.#restartAfterFailure();
    }
  }

  #restartAfterFailure() {
    if (this.#restarts >= MAX_ICE_RESTARTS) {
      this.#emit('failed', { reason: this.relayOnly || this.hasTurn ? 'turn' : 'ice' });
      return;
    }
    this.#restarts++;
    this.#emit('restarting', { attempt: this.#restarts });
    this.restartIce();
  }

  /** What the status panel shows, from getStats' selected candidate pair and RTP counters. */
  async stats() {
    const report = await this.pc.getStats();
    let pair = null;
    const byId = new Map();
    report.forEach((entry) => byId.set(entry.id, entry));
    report.forEach((entry) => {
      if (entry.type === 'transport' && entry.selectedCandidatePairId) pair = byId.get(entry.selectedCandidatePairId);
    });
    if (!pair)
      report.forEach((entry) => {
        if (entry.type === 'candidate-pair' && entry.nominated && entry.state === 'succeeded') pair = entry;
      });
    const local = pair && byId.get(pair.localCandidateId);
    const remote = pair && byId.get(pair.remoteCandidateId);
    const bytes = pair ? pair.bytesSent + pair.bytesReceived : 0;
    let lost = 0,
      received = 0,
      framesDecoded = 0,
      audioPackets = 0;
    report.forEach((entry) => {
      if (entry.type === 'inbound-rtp') {
        lost += entry.packetsLost || 0;
        received += entry.packetsReceived || 0;
        if (entry.kind === 'video') framesDecoded += entry.framesDecoded || 0;
        if (entry.kind === 'audio') audioPackets += entry.packetsReceived || 0;
      }
    });
    const now = performance.now();
    const bitrate = this.#previousStats
      ? ((bytes - this.#previousStats.bytes) * 8) / ((now - this.#previousStats.at) / 1000)
      : 0;
    this.#previousStats = { bytes, at: now };
    const relayed = local?.candidateType === 'relay' || remote?.candidateType === 'relay';
    return {
      ice: this.pc.iceConnectionState,
      connection: this.pc.connectionState,
      path: pair ? (relayed ? 'relayed' : 'direct') : null,
      candidates: pair ? `${local?.candidateType}/${local?.protocol} ↔ ${remote?.candidateType}` : null,
      rtt: pair?.currentRoundTripTime,
      bitrate,
      loss: received + lost > 0 ? lost / (received + lost) : null,
      framesDecoded,
      audioPackets,
    };
  }

  #send(frame) {
    this.#signaling.send({ ...frame, to: this.peerId, callId: this.callId });
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
