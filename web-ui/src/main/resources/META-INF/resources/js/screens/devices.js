// Settings → Camera and microphone: pick the camera, microphone and speaker, see the camera and a
// microphone level before calling. The choice is kept in this browser and used by every call.

import { deviceOptions, level, readChoice } from '../logic/devices.js';
import { $, element } from '../ui/dom.js';

const DEVICES_KEY = 'cybernet.devices';

export class DevicesPanel {
  #store;
  #preview = null; // {stream, audio, frame}

  constructor(store) {
    this.#store = store;
    store.state.settings.devices = readChoice(localStorage.getItem(DEVICES_KEY));
    $('#speaker-row').hidden = !('setSinkId' in HTMLMediaElement.prototype);
    for (const [id, key] of [
      ['#camera-select', 'camera'],
      ['#microphone-select', 'microphone'],
      ['#speaker-select', 'speaker'],
    ]) {
      $(id).addEventListener('change', (event) => this.#choose(key, event.target.value));
    }
  }

  /** The dialog opened: list the devices and start the preview. */
  async open() {
    await this.#startPreview();
    await this.#listDevices(); // labels are only given once a device is in use
  }

  /** The dialog closed: the camera and microphone are released. */
  close() {
    if (!this.#preview) return;
    cancelAnimationFrame(this.#preview.frame);
    for (const track of this.#preview.stream.getTracks()) track.stop();
    this.#preview.audio.close().catch(() => {});
    this.#preview = null;
    $('#preview-video').srcObject = null;
    $('#mic-level').value = 0;
  }

  async #listDevices() {
    const devices = await navigator.mediaDevices.enumerateDevices();
    const choice = this.#store.state.settings.devices;
    const fill = (id, kind, label, chosen) => {
      $(id).replaceChildren(
        ...deviceOptions(devices, kind, label).map((option) =>
          element('option', { value: option.value, selected: option.value === chosen }, option.label),
        ),
      );
    };
    fill('#camera-select', 'videoinput', 'Camera', choice.camera);
    fill('#microphone-select', 'audioinput', 'Microphone', choice.microphone);
    fill('#speaker-select', 'audiooutput', 'Speaker', choice.speaker);
  }

  async #startPreview() {
    this.close();
    const { camera, microphone } = this.#store.state.settings.devices;
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: camera ? { deviceId: { ideal: camera } } : true,
        audio: microphone ? { deviceId: { ideal: microphone } } : true,
      });
    } catch (error) {
      $('#preview-status').textContent = `The camera or microphone could not start (${error.name}).`;
      return;
    }
    $('#preview-status').textContent = '';
    $('#preview-video').srcObject = stream;
    const audio = new AudioContext();
    const analyser = audio.createAnalyser();
    analyser.fftSize = 512;
    audio.createMediaStreamSource(stream).connect(analyser);
    const samples = new Uint8Array(analyser.fftSize);
    const preview = { stream, audio, frame: 0 };
    const draw = () => {
      analyser.getByteTimeDomainData(samples);
      $('#mic-level').value = level(samples);
      preview.frame = requestAnimationFrame(draw);
    };
    draw();
    this.#preview = preview;
  }

  async #choose(key, deviceId) {
    this.#store.update('settings', (state) => {
      state.settings.devices = { ...state.settings.devices, [key]: deviceId };
    });
    localStorage.setItem(DEVICES_KEY, JSON.stringify(this.#store.state.settings.devices));
    if (key === 'speaker') return;
    await this.#startPreview();
  }
}
