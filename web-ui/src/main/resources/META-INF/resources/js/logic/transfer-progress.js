// What a file transfer's row says: sizes people read, speed and time left.

export function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/**
 * Bytes per second and whole seconds left, from the bytes moved since `startedAt` (ms clock); a
 * resumed transfer counts from where it resumed (`resumedFrom`), not from the file's start.
 */
export function rateAndEta({ bytes, size, startedAt, resumedFrom = 0 }, now) {
  const seconds = Math.max((now - startedAt) / 1000, 0.001);
  const speed = (bytes - resumedFrom) / seconds;
  return { speed, secondsLeft: Math.ceil((size - bytes) / Math.max(speed, 1)) };
}

export const ACTIVE_TRANSFER_STATES = ['offered', 'waiting', 'sending', 'receiving', 'paused'];

/** The line under a transfer's progress bar. */
export function transferDetail(transfer, now) {
  if (transfer.detail) return transfer.detail;
  if (transfer.startedAt === undefined || !transfer.bytes) {
    return transfer.state === 'offered' ? 'Wants to send you this file' : 'Waiting for the other side';
  }
  const { speed, secondsLeft } = rateAndEta(transfer, now);
  return `${formatBytes(transfer.bytes)} of ${formatBytes(transfer.size)} · ${formatBytes(speed)}/s · ${secondsLeft} s left`;
}
