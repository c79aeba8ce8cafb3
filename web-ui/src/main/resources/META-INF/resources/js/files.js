// File transfer over a DataChannel per file: chunked with backpressure, SHA-256 on both ends,
// progress with speed and ETA, cancel, and resume after a dropped connection (what both sides keep
// is described in logic/transfer-resume.js).
//
// The sender hashes a file that fits in memory whole with the browser's native SHA-256 while the
// receiver decides, so the digest is ready before the first byte leaves; a larger one is hashed as
// it is read. The receiver hashes as the bytes arrive, in a worker (hash-wasm's SHA-256, a few
// percent of a core at network speed; WebCrypto cannot digest a stream), so the verdict comes right
// after the last byte whatever the file's size, and a resumed transfer does not re-hash what it
// held. It keeps the bytes once: as Blob parts the browser may page out of memory, or, for a large
// file, written to disk as they arrive: into the origin's private file system (OPFS, no prompt; the
// Save link then reads it back from disk), else where the person picks (File System Access).

import { unhashedPart } from './logic/transfer-resume.js';

/**
 * Hashes in a worker (hash-wasm); chunks are copied to it, so the caller keeps its buffers. The
 * worker answers each chunk, so `settled(n)` can wait until at most n are still queued there.
 */
class HashWorker {
  #worker = new Worker(new URL('./hash-worker.js', import.meta.url));
  #queued = 0;
  #waiting = null;
  #result = null;

  constructor() {
    this.#worker.onmessage = ({ data }) => {
      if (data === 'hashed') {
        this.#queued--;
        this.#wake();
      } else {
        this.#result?.(data);
      }
    };
  }

  update(bytes) {
    this.#queued++;
    this.#worker.postMessage(bytes);
  }

  /** Resolves once no more than `most` chunks wait in the worker. */
  settled(most) {
    if (this.#queued <= most) return Promise.resolve();
    return new Promise((resolve) => {
      this.#waiting = () => this.#queued <= most && (resolve(), true);
    });
  }

  digest() {
    return new Promise((resolve, reject) => {
      this.#result = (data) => {
        this.#worker.terminate();
        if (data?.sha256) resolve(data.sha256);
        else reject(new Error(data?.error || 'hashing failed'));
      };
      this.#worker.onerror = (error) => {
        this.#worker.terminate();
        reject(error);
      };
      this.#worker.postMessage('digest');
    });
  }

  abort() {
    this.#worker.terminate();
  }

  #wake() {
    if (this.#waiting?.()) this.#waiting = null;
  }
}

export const CHUNK_BYTES = 64 * 1024;
/**
 * Flow control above SCTP's: the receiver acknowledges what it has stored (`{"ack": bytes}` on the
 * file's channel, about every ACK_EVERY_BYTES) and the sender keeps at most WINDOW_BYTES
 * unacknowledged, so a receiver that stores more slowly than the network delivers (a disk, a busy
 * worker) holds a window, not the rest of the file.
 */
export const WINDOW_BYTES = 16 * 1024 * 1024;
export const ACK_EVERY_BYTES = 1024 * 1024;
export const HIGH_WATER_BYTES = 256 * 1024;
export const LOW_WATER_BYTES = 64 * 1024;
const READ_BYTES = 4 * 1024 * 1024;
export const STREAM_TO_DISK_ABOVE_BYTES = 256 * 1024 * 1024;
/** Up to this size the sender reads a file whole and hashes it natively; above it, incrementally. */
export const WHOLE_FILE_HASH_MAX_BYTES = STREAM_TO_DISK_ABOVE_BYTES;
export const MAX_IN_MEMORY_BYTES = 2 * 1024 * 1024 * 1024;

const FILE_CHANNEL_PREFIX = 'file:';

function fileChannelLabel(id) {
  return `${FILE_CHANNEL_PREFIX}${id}`;
}

/** The transfer id a peer's channel carries, or null for a channel that is not a file. */
export function transferIdOf(channel) {
  return channel.label.startsWith(FILE_CHANNEL_PREFIX) ? channel.label.slice(FILE_CHANNEL_PREFIX.length) : null;
}

/** The byte count of a receiver's `{"ack": n}`, or null for anything else. */
export function acknowledgement(text) {
  try {
    const { ack } = JSON.parse(text);
    return Number.isSafeInteger(ack) && ack >= 0 ? ack : null;
  } catch {
    return null;
  }
}

async function sha256Hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Starts hashing a file to be offered, so the digest is usually ready before the receiver accepts;
 * null for a file too large to read whole (sendFile then hashes it as it reads).
 */
export function hashWholeFile(file) {
  if (file.size > WHOLE_FILE_HASH_MAX_BYTES) return null;
  const hashing = file.arrayBuffer().then(sha256Hex);
  hashing.catch(() => {}); // a read failure surfaces when sendFile awaits it
  return hashing;
}

/**
 * Sends one accepted file on its own ordered channel, from byte `from` (0, or where the receiver
 * said it holds the file up to after an interruption); resolves with the sender's SHA-256, or null
 * when cancelled. `transfer.hashing` is hashWholeFile's promise, or null: then the file is hashed as
 * it is read, by a worker that lives on the transfer so a resumed send carries the same hash on.
 */
export async function sendFile(pc, transfer, onProgress, from = 0) {
  const run = (transfer.run || 0) + 1;
  transfer.run = run; // a send left over from before an interruption stops at its next step
  const current = () => transfer.run === run && !transfer.cancelled;
  const channel = pc.createDataChannel(fileChannelLabel(transfer.id), { ordered: true });
  channel.binaryType = 'arraybuffer';
  channel.bufferedAmountLowThreshold = LOW_WATER_BYTES;
  transfer.channel = channel;
  await new Promise((resolve, reject) => {
    channel.onopen = resolve;
    channel.onclose = () => reject(new Error('closed'));
  });
  transfer.acked = from;
  let acknowledged = null; // wakes the send loop when it waits on the window
  channel.onmessage = ({ data }) => {
    const ack = typeof data === 'string' ? acknowledgement(data) : null;
    if (ack !== null && ack > transfer.acked && ack <= transfer.bytes) {
      transfer.acked = ack;
      acknowledged?.();
    }
  };
  const windowOpen = () =>
    new Promise((resolve) => {
      acknowledged = resolve;
      channel.onclose = resolve;
    });
  if (!transfer.hashing) {
    transfer.hasher ??= new HashWorker();
    transfer.hashedTo ??= 0;
  }
  const file = transfer.file;
  transfer.startedAt = performance.now();
  transfer.resumedFrom = from;
  transfer.bytes = from;
  const read = (offset) => file.slice(offset, offset + READ_BYTES).arrayBuffer();
  let nextBlock = read(from);
  for (let offset = from; offset < file.size && current(); offset += READ_BYTES) {
    const block = new Uint8Array(await nextBlock);
    if (!current()) break;
    // The next read runs while this block drains through the channel.
    if (offset + READ_BYTES < file.size) nextBlock = read(offset + READ_BYTES);
    if (transfer.hasher) {
      const unhashed = unhashedPart(block, offset, transfer.hashedTo);
      if (unhashed) transfer.hasher.update(unhashed === block ? block : unhashed.slice());
      transfer.hashedTo = Math.max(transfer.hashedTo, offset + block.length);
      await transfer.hasher.settled(2); // copies waiting to be hashed stay a few blocks
    }
    for (let at = 0; at < block.length && current(); at += CHUNK_BYTES) {
      if (channel.bufferedAmount > HIGH_WATER_BYTES) {
        await new Promise((resolve) => {
          channel.onbufferedamountlow = () => {
            channel.onbufferedamountlow = null;
            resolve();
          };
          channel.onclose = resolve;
        });
      }
      while (transfer.bytes - transfer.acked > WINDOW_BYTES && channel.readyState === 'open') await windowOpen();
      if (channel.readyState !== 'open') throw new Error('closed');
      if (!current()) break;
      const chunk = block.subarray(at, at + CHUNK_BYTES);
      channel.send(chunk);
      transfer.bytes = offset + at + chunk.length;
      onProgress();
    }
  }
  if (transfer.cancelled) {
    transfer.hasher?.abort();
    return null;
  }
  if (transfer.run !== run) throw new Error('superseded');
  if (transfer.hasher) {
    // Kept as the transfer's hash, so a send resumed after this point (the end was lost) has it.
    transfer.hashing = transfer.hasher.digest();
    transfer.hasher = null;
  }
  const sha256 = await transfer.hashing;
  channel.send(JSON.stringify({ end: true, sha256 }));
  return sha256;
}

/** Hashes and stores a received file in a worker of its own (receive-worker.js): on disk or in memory. */
class ReceiveWorker {
  #worker = new Worker(new URL('./receive-worker.js', import.meta.url));
  #failure = null;

  /** `onStored(bytes)` hears how much of the file is stored, about every ACK_EVERY_BYTES. */
  constructor(name, sink, onStored) {
    this.#worker.onmessage = ({ data }) => {
      if (data?.error) this.#failure = new Error(data.error);
      else if (Number.isSafeInteger(data?.stored)) onStored(data.stored);
    };
    this.#worker.postMessage({ open: name, sink, ackEvery: ACK_EVERY_BYTES });
  }

  /** Hands the chunk over (the buffer is transferred: the caller must not use it afterwards). */
  write(buffer) {
    this.#worker.postMessage(buffer, [buffer]);
  }

  /** Resolves {sha256, blob} once every chunk is stored (blob: the file, when kept in memory). */
  finish() {
    return new Promise((resolve, reject) => {
      if (this.#failure) reject(this.#failure);
      this.#worker.onmessage = ({ data }) => {
        if (data?.stored !== undefined) return;
        this.#worker.terminate();
        if (data?.sha256) resolve(data);
        else reject(new Error(data?.error || 'storing failed'));
      };
      this.#worker.postMessage('end');
    });
  }

  abort() {
    this.#worker.postMessage('abort');
    setTimeout(() => this.#worker.terminate(), 1000);
  }
}

/**
 * Receives one file, from one channel or, after interruptions, from several in turn: what arrived
 * is kept (in memory, in the private file system or in the picked file) with its hash state, so a
 * resumed channel carries on at `transfer.bytes`.
 */
export class FileReceiver {
  #transfer;
  #store; // a ReceiveWorker, or null when the file goes to the picked file
  #hash;
  #writes = Promise.resolve();
  #channel = null;
  #acked = 0;

  constructor(transfer) {
    this.#transfer = transfer;
    const acknowledge = (stored) => this.#acknowledge(stored);
    this.#store = transfer.writable
      ? null
      : new ReceiveWorker(transfer.id, transfer.spill ? 'disk' : 'memory', acknowledge);
    this.#hash = this.#store ? null : new HashWorker();
  }

  /** Reads `channel` until the sender's end: resolves {sha256, ok, blob?}; rejects if it closes first. */
  take(channel, onProgress) {
    const transfer = this.#transfer;
    channel.binaryType = 'arraybuffer';
    transfer.channel = channel;
    this.#channel = channel;
    this.#acked = transfer.bytes;
    transfer.startedAt = undefined; // set by the first byte on this channel
    transfer.resumedFrom = transfer.bytes;
    return new Promise((resolve, reject) => {
      channel.onmessage = (event) => {
        if (typeof event.data === 'string') this.#finish(JSON.parse(event.data)).then(resolve, reject);
        else {
          this.#write(event.data);
          onProgress();
        }
      };
      channel.onclose = () => {
        if (transfer.state === 'receiving') reject(new Error('closed'));
      };
    });
  }

  /** Drops what arrived: the transfer was cancelled, failed or waited too long to resume. */
  abort() {
    this.#hash?.abort();
    this.#store?.abort();
  }

  /** Tells the sender how much is stored, when it has grown by ACK_EVERY_BYTES since the last time. */
  #acknowledge(stored) {
    if (stored - this.#acked < ACK_EVERY_BYTES || this.#channel?.readyState !== 'open') return;
    this.#acked = stored;
    this.#channel.send(JSON.stringify({ ack: stored }));
  }

  #write(buffer) {
    const transfer = this.#transfer;
    transfer.lastByteAt = performance.now();
    transfer.startedAt ??= transfer.lastByteAt;
    transfer.bytes += buffer.byteLength;
    // More than was offered is counted (that alone fails the transfer at its end), never stored.
    if (transfer.bytes > transfer.size) return;
    if (this.#store) {
      this.#store.write(buffer); // acknowledged when the worker says it is stored
      return;
    }
    this.#hash.update(buffer);
    const stored = transfer.bytes;
    const chunk = new Uint8Array(buffer);
    this.#writes = this.#writes.then(() => transfer.writable.write(chunk)).then(() => this.#acknowledge(stored));
  }

  async #finish(end) {
    const transfer = this.#transfer;
    // A short or overlong file is damaged whatever its hash.
    const complete = transfer.bytes === transfer.size;
    if (this.#store) {
      const { sha256, blob } = await this.#store.finish();
      const ok = complete && sha256 === end.sha256;
      const type = transfer.mime || 'application/octet-stream';
      return { sha256, ok, blob: blob ? new Blob([blob], { type }) : await spilled(transfer.id) };
    }
    const [sha256] = await Promise.all([this.#hash.digest(), this.#writes]);
    await transfer.writable.close();
    return { sha256, ok: complete && sha256 === end.sha256, blob: null };
  }
}

const SPILL_FOLDER = 'incoming';
const SPILL_KEPT_MS = 24 * 60 * 60 * 1000;

/** Whether a large incoming file can go to disk as it arrives (OPFS, or a save picker). */
export function canStreamToDisk() {
  return canSpill() || Boolean(window.showSaveFilePicker);
}

/**
 * Whether this browser can receive into the origin's private file system. (The synchronous access
 * handle receive-worker.js writes with exists only inside workers, so the page checks for OPFS itself.)
 */
export function canSpill() {
  return Boolean(navigator.storage?.getDirectory);
}

/** The received file `id` as a File read from disk. */
async function spilled(id) {
  const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle(SPILL_FOLDER, { create: true });
  return (await folder.getFileHandle(id)).getFile();
}

/** Removes received files older than a day (their Save links died with the page that made them). */
export async function forgetOldSpills(now = Date.now()) {
  if (!navigator.storage?.getDirectory) return;
  const root = await navigator.storage.getDirectory();
  const folder = await root.getDirectoryHandle(SPILL_FOLDER, { create: true });
  for await (const [name, handle] of folder.entries()) {
    const file = await handle.getFile();
    if (now - file.lastModified > SPILL_KEPT_MS) await folder.removeEntry(name);
  }
}
