// Resuming a file transfer whose connection dropped. Both sides keep what they have (the sender
// the file and its hash state, the receiver the bytes so far and theirs) and pause; the next data
// session between them carries it on:
//   receiver → {t:'file-resume', id, offset}  the bytes it holds (a prefix: the channel is ordered)
//   sender   → {t:'file-continue', id}        asks about a transfer it could not finish
// The sender sends from `offset` on a new channel; the SHA-256 of the whole file still decides.

/** How long a paused transfer waits for its connection to come back. */
export const RESUME_WINDOW_MS = 10 * 60 * 1000;
/** How often a side with paused transfers tries to open a new session while the contact is online. */
export const RECONNECT_EVERY_MS = 3000;

/**
 * What a sender does with a receiver's file-resume: 'send' from `offset`, 'ignore' a duplicate for
 * a transfer already under way again or finished, or 'cancel' one it no longer has. An offset past
 * what was sent is refused: the receiver cannot hold bytes that never left, and accepting it would
 * leave a gap the sender's hash never saw.
 */
export function senderAnswer(transfer, offset) {
  if (!transfer?.outgoing) return { action: 'cancel' };
  if (transfer.state === 'sending' || transfer.state === 'verified') return { action: 'ignore' };
  if (transfer.state !== 'paused') return { action: 'cancel' };
  if (!Number.isSafeInteger(offset) || offset < 0 || offset > transfer.bytes) return { action: 'cancel' };
  return { action: 'send', offset };
}

/**
 * What a receiver answers a sender's file-continue with: 'done' again when the file arrived (the
 * first answer was lost with the connection), 'wait' when its own file-resume is on the way, or
 * 'cancel' for a transfer it stopped or never had.
 */
export function receiverAnswer(transfer) {
  if (!transfer || transfer.outgoing) return 'cancel';
  if (transfer.state === 'verified' || (transfer.state === 'failed' && transfer.sha256)) return 'done';
  if (transfer.state === 'paused' || transfer.state === 'receiving') return 'wait';
  return 'cancel';
}

/** Whether a paused transfer has waited longer than the resume window. */
export function resumeExpired(transfer, now) {
  return transfer.state === 'paused' && now - transfer.pausedAt > RESUME_WINDOW_MS;
}

/**
 * The bytes of `block` (read at `offset`) the sender's incremental hash has not seen yet, given
 * that it has seen the file up to `hashedTo`: a resumed transfer re-reads from the receiver's
 * offset, which can lie before what was already hashed.
 */
export function unhashedPart(block, offset, hashedTo) {
  const skip = hashedTo - offset;
  if (skip <= 0) return block;
  return skip >= block.length ? null : block.subarray(skip);
}
