// "Connection details": what the signaling transport and the current peer connection are doing
// (ICE state, direct or relayed path, candidates, RTT, bitrate, loss). Collapsed by default: people
// need it when something is wrong, not during every call.

import { conversationWith } from '../store.js';
import { $ } from '../ui/dom.js';

const FIELDS = ['#st-ice', '#st-connection', '#st-path', '#st-candidates', '#st-rtt', '#st-bitrate', '#st-loss'];

export class DetailsPanel {
  #store;
  #timer = null;

  constructor(store) {
    this.#store = store;
  }

  start() {
    this.#timer = setInterval(() => this.update().catch(() => {}), 1000);
  }

  stop() {
    clearInterval(this.#timer);
  }

  transport(mode) {
    const labels = {
      websocket: 'Online',
      'long-poll': 'Online (fallback)',
      connecting: 'Connecting…',
      offline: 'Offline',
    };
    const badge = $('#transport');
    badge.textContent = labels[mode] || mode;
    badge.dataset.mode = mode;
    badge.title = `Signaling: ${mode}`;
    $('#st-transport').textContent = mode;
  }

  async update() {
    const { call, selected } = this.#store.state;
    const link = call?.link || (selected && conversationWith(this.#store, selected).data?.link);
    const set = (id, value) => {
      $(id).textContent = value ?? '–';
    };
    if (!link || link.pc.connectionState === 'closed') {
      for (const id of FIELDS) set(id, null);
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
}
