import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client } from './client-paths.mjs';

const { NO_CHOICE, deviceOptions, level, mediaConstraints, readChoice } = await import(client('js/logic/devices.js'));

test('without a choice a call asks for the default devices', () => {
  assert.deepEqual(mediaConstraints('video'), { audio: true, video: true });
  assert.deepEqual(mediaConstraints('audio'), { audio: true, video: false });
});

test('a chosen device is preferred, never required: a missing one falls back to the default', () => {
  const choice = { camera: 'cam-2', microphone: 'mic-1', speaker: 'spk' };
  assert.deepEqual(mediaConstraints('video', choice), {
    audio: { deviceId: { ideal: 'mic-1' } },
    video: { deviceId: { ideal: 'cam-2' } },
  });
  assert.deepEqual(mediaConstraints('audio', choice).video, false, 'an audio call opens no camera');
});

test('pickers list the default first, then the devices of their kind by label', () => {
  const devices = [
    { kind: 'videoinput', deviceId: 'c1', label: 'Front camera' },
    { kind: 'audioinput', deviceId: 'default', label: 'Default' },
    { kind: 'audioinput', deviceId: 'm1', label: '' },
    { kind: 'videoinput', deviceId: '', label: 'no permission yet' },
  ];
  assert.deepEqual(deviceOptions(devices, 'videoinput', 'Camera'), [
    { value: '', label: 'Default camera' },
    { value: 'c1', label: 'Front camera' },
  ]);
  assert.deepEqual(deviceOptions(devices, 'audioinput', 'Microphone'), [
    { value: '', label: 'Default microphone' },
    { value: 'm1', label: 'Microphone 1' },
  ]);
});

test('a saved choice is read defensively', () => {
  assert.deepEqual(readChoice('{"camera":"c1","microphone":7,"extra":"x"}'), {
    camera: 'c1',
    microphone: '',
    speaker: '',
  });
  assert.deepEqual(readChoice('not json'), NO_CHOICE);
  assert.deepEqual(readChoice(null), NO_CHOICE);
});

test('the level meter reads silence as 0 and a loud signal near 1', () => {
  assert.equal(level(new Uint8Array(256).fill(128)), 0);
  const loud = Uint8Array.from({ length: 256 }, (_, i) => (i % 2 ? 255 : 0));
  assert.equal(level(loud), 1);
  assert.ok(level(Uint8Array.from({ length: 256 }, (_, i) => 128 + Math.round(10 * Math.sin(i / 4)))) > 0.1);
  assert.equal(level(new Uint8Array(0)), 0);
});
