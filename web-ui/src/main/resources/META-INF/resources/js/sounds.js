// Ringtone (incoming) and ringback (outgoing), synthesised: no audio files to fetch.

let context = null;

function tone(pattern) {
  context ??= new AudioContext();
  let stopped = false;
  let timer = null;
  const play = () => {
    if (stopped) return;
    const now = context.currentTime;
    for (const [offset, duration, frequency] of pattern.notes) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, now + offset);
      gain.gain.exponentialRampToValueAtTime(0.15, now + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + offset + duration);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(now + offset);
      oscillator.stop(now + offset + duration + 0.05);
    }
    timer = setTimeout(play, pattern.every);
  };
  context.resume().catch(() => {});
  play();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** False while the browser keeps audio blocked (no interaction with the page since it loaded). */
export function soundAllowed() {
  return !context || context.state === 'running';
}

/** Called from a click: lets the ringtone be heard. */
export function unlockSound() {
  context ??= new AudioContext();
  context.resume().catch(() => {});
}

export const ringtone = () =>
  tone({
    every: 2000,
    notes: [
      [0, 0.35, 880],
      [0.4, 0.35, 660],
    ],
  });
export const ringback = () => tone({ every: 4000, notes: [[0, 1.2, 425]] });
