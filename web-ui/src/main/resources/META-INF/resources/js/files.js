// File transfer over a DataChannel per file: chunked with backpressure, SHA-256 on both ends,
// progress with speed and ETA, cancel.
//
// Hashing takes CPU from the transfer (SCTP runs on the same cores), so a file that fits in memory
// is hashed whole by the browser's native SHA-256: the sender hashes while the receiver decides,
// the receiver copies chunks into one buffer it digests once at the end. A larger file is hashed
// incrementally in a worker (hash-wasm's SHA-256; WebCrypto cannot digest a stream) and, on the
// receiver, written to disk as it arrives: into the origin's private file system (OPFS, no prompt;
// the Save link then reads it back from disk), else where the person picks (File System Access),
// else into Blob parts, which the browser may page out of memory.

/** Hashes in a worker (hash-wasm); chunks are copied to it, so the caller keeps its buffers. */
class HashWorker {
  #worker = new Worker(new URL('./hash-worker.js', import.meta.url));

  update(bytes) {
    this.#worker.postMessage(bytes);
  }

  digest() {
    return new Promise((resolve, reject) => {
      this.#worker.onmessage = ({ data }) => {
        this.#worker.terminate();
        if (typeof data === 'string') resolve(data);
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
}

export const CHUNK_BYTES = 64 * 1024;
export const HIGH_WATER_BYTES = 256 * 1024;
export const LOW_WATER_BYTES = 64 * 1024;
const READ_BYTES = 4 * 1024 * 1024;
const BLOB_PART_BYTES = 8 * 1024 * 1024;
export const STREAM_TO_DISK_ABOVE_BYTES = 256 * 1024 * 1024;
/** Up to this size a file is held whole (once) and hashed natively; above it, incrementally. */
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
 * Sends one accepted file on its own ordered channel; resolves with the sender's SHA-256.
 * `transfer.hashing` is hashWholeFile's promise, or null to hash while sending.
 */
export async function sendFile(pc, transfer, onProgress) {
  const channel = pc.createDataChannel(fileChannelLabel(transfer.id), { ordered: true });
  channel.binaryType = 'arraybuffer';
  channel.bufferedAmountLowThreshold = LOW_WATER_BYTES;
  transfer.channel = channel;
  await new Promise((resolve, reject) => {
    channel.onopen = resolve;
    channel.onclose = () => reject(new Error('closed'));
  });
  const hash = transfer.hashing ? null : new HashWorker();
  const file = transfer.file;
  transfer.startedAt = performance.now();
  const read = (offset) => file.slice(offset, offset + READ_BYTES).arrayBuffer();
  let nextBlock = read(0);
  for (let offset = 0; offset < file.size && !transfer.cancelled; offset += READ_BYTES) {
    const block = new Uint8Array(await nextBlock);
    // The next read runs while this block drains through the channel.
    if (offset + READ_BYTES < file.size) nextBlock = read(offset + READ_BYTES);
    hash?.update(block);
    for (let at = 0; at < block.length && !transfer.cancelled; at += CHUNK_BYTES) {
      if (channel.bufferedAmount > HIGH_WATER_BYTES) {
        await new Promise((resolve) => {
          channel.onbufferedamountlow = () => {
            channel.onbufferedamountlow = null;
            resolve();
          };
          channel.onclose = resolve;
        });
      }
      if (channel.readyState !== 'open') throw new Error('closed');
      const chunk = block.subarray(at, at + CHUNK_BYTES);
      channel.send(chunk);
      transfer.bytes = offset + at + chunk.length;
      onProgress();
    }
  }
  if (transfer.cancelled) {
    hash?.abort();
    return null;
  }
  const sha256 = await (hash ? hash.digest() : transfer.hashing);
  channel.send(JSON.stringify({ end: true, sha256 }));
  return sha256;
}

/** Writes and hashes a file into OPFS in a worker of its own (disk-worker.js). */
class DiskWorker {
  #worker = new Worker(new URL('./disk-worker.js', import.meta.url));
  #failure = null;

  constructor(name) {
    this.#worker.onmessage = ({ data }) => {
      if (data?.error) this.#failure = new Error(data.error);
    };
    this.#worker.postMessage({ open: name });
  }

  /** Hands the chunk over (the buffer is transferred: the caller must not use it afterwards). */
  write(buffer) {
    this.#worker.postMessage(buffer, [buffer]);
  }

  /** Resolves the SHA-256 once every chunk is on disk. */
  finish() {
    return new Promise((resolve, reject) => {
      if (this.#failure) reject(this.#failure);
      this.#worker.onmessage = ({ data }) => {
        this.#worker.terminate();
        if (data?.sha256) resolve(data.sha256);
        else reject(new Error(data?.error || 'writing failed'));
      };
      this.#worker.postMessage('end');
    });
  }

  abort() {
    this.#worker.postMessage('abort');
    setTimeout(() => this.#worker.terminate(), 1000);
  }
}

/** Receives one file from its channel; resolves {sha256, ok, blob?} when the sender's end arrives. */
export function receiveFile(channel, transfer, onProgress) {
  channel.binaryType = 'arraybuffer';
  transfer.channel = channel;
  const disk = transfer.spill ? new DiskWorker(transfer.id) : null;
  const whole =
    !disk && !transfer.writable && transfer.size <= WHOLE_FILE_HASH_MAX_BYTES ? new Uint8Array(transfer.size) : null;
  const hash = whole || disk ? null : new HashWorker();
  const parts = [];
  let pending = [];
  let pendingBytes = 0;
  let writes = Promise.resolve();
  const type = transfer.mime || 'application/octet-stream';
  return new Promise((resolve, reject) => {
    channel.onmessage = (event) => {
      if (typeof event.data === 'string') {
        const end = JSON.parse(event.data);
        const complete = transfer.bytes === transfer.size;
        if (whole) {
          // A short or overlong file is damaged whatever its hash; only a complete one is digested.
          const digesting = complete ? sha256Hex(whole) : Promise.resolve('');
          digesting.then((sha256) => {
            const ok = complete && sha256 === end.sha256;
            resolve({ sha256, ok, blob: ok ? new Blob([whole], { type }) : null });
          }, reject);
          return;
        }
        if (disk) {
          disk.finish().then(async (sha256) => {
            const blob = await spilled(transfer.id); // on disk, not in memory
            resolve({ sha256, ok: sha256 === end.sha256 && complete, blob });
          }, reject);
          return;
        }
        Promise.all([hash.digest(), writes]).then(async ([sha256]) => {
          let blob = null;
          if (transfer.writable) {
            await transfer.writable.close();
          } else {
            if (pending.length) parts.push(new Blob(pending));
            blob = new Blob(parts, { type });
          }
          resolve({ sha256, ok: sha256 === end.sha256 && complete, blob });
        }, reject);
        return;
      }
      transfer.startedAt ??= performance.now();
      if (disk) {
        transfer.bytes += event.data.byteLength;
        disk.write(event.data);
        onProgress();
        return;
      }
      const chunk = new Uint8Array(event.data);
      const offset = transfer.bytes;
      transfer.bytes += chunk.length;
      if (whole) {
        // More than was offered cannot fit; counting it is enough to fail the transfer at its end.
        if (transfer.bytes <= whole.length) whole.set(chunk, offset);
      } else if (transfer.writable) {
        hash.update(event.data);
        writes = writes.then(() => transfer.writable.write(chunk));
      } else {
        hash.update(event.data);
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= BLOB_PART_BYTES) {
          parts.push(new Blob(pending));
          pending = [];
          pendingBytes = 0;
        }
      }
      onProgress();
    };
    channel.onclose = () => {
      if (transfer.state !== 'receiving') return;
      hash?.abort();
      disk?.abort();
      reject(new Error('closed'));
    };
  });
}

const SPILL_FOLDER = 'incoming';
const SPILL_KEPT_MS = 24 * 60 * 60 * 1000;

/** Whether a large incoming file can go to disk as it arrives (OPFS, or a save picker). */
export function canStreamToDisk() {
  return canSpill() || Boolean(window.showSaveFilePicker);
}

/**
 * Whether this browser can receive into the origin's private file system. (The synchronous access
 * handle disk-worker.js writes with exists only inside workers, so the page checks for OPFS itself.)
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
