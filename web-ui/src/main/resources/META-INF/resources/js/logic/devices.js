// Which camera, microphone and speaker a call uses: the person's choice (Settings), kept per
// browser. A chosen device that is gone (unplugged, another machine) falls back to the default,
// so a saved choice can never stop a call from starting.

export const NO_CHOICE = { camera: '', microphone: '', speaker: '' };

/** getUserMedia constraints for a call of `media` ('audio' or 'video') with the saved choice. */
export function mediaConstraints(media, choice = NO_CHOICE) {
  const pick = (deviceId) => (deviceId ? { deviceId: { ideal: deviceId } } : true);
  return {
    audio: pick(choice.microphone),
    video: media === 'video' ? pick(choice.camera) : false,
  };
}

/** The options of a device picker: the default first, then each device of `kind` by its label. */
export function deviceOptions(devices, kind, defaultLabel) {
  const labelled = devices
    .filter((device) => device.kind === kind && device.deviceId && device.deviceId !== 'default')
    .map((device, index) => ({ value: device.deviceId, label: device.label || `${defaultLabel} ${index + 1}` }));
  return [{ value: '', label: `Default ${defaultLabel.toLowerCase()}` }, ...labelled];
}

/** A saved choice, read defensively: anything but strings is the default. */
export function readChoice(text) {
  try {
    const saved = JSON.parse(text);
    return Object.fromEntries(
      Object.keys(NO_CHOICE).map((key) => [key, typeof saved?.[key] === 'string' ? saved[key] : '']),
    );
  } catch {
    return { ...NO_CHOICE };
  }
}

/** Loudness 0..1 of a block of time-domain samples (Uint8Array around 128), for a level meter. */
export function level(samples) {
  if (!samples.length) return 0;
  let sum = 0;
  for (const sample of samples) sum += ((sample - 128) / 128) ** 2;
  return Math.min(1, Math.sqrt(sum / samples.length) * 3);
}
