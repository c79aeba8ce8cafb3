// Receives a file off the page's thread: every chunk is hashed (hash-wasm, vendored) and stored in
// the same step, so the page only hands the chunks over (transferred, not copied) and waits for
// nothing per chunk. Two places to store it:
//   'disk'   the origin's private file system, through a synchronous access handle (large files);
//   'memory' Blob parts of BLOB_PART_BYTES, which the browser may page out of memory.
// Messages: {open: name, sink: 'disk'|'memory', ackEvery: bytes} first, then ArrayBuffers in order
// (answered with {stored: bytes} about every `ackEvery` bytes stored), then 'end' (answered with
// {sha256, bytes, blob} — blob only for 'memory') or 'abort'. Failures are answered with {error}.
importScripts('./vendor/hash-wasm/sha256.umd.min.js');

(() => {
  const FOLDER = 'incoming';
  const BLOB_PART_BYTES = 8 * 1024 * 1024;
  let file = null; // {store, hasher, at, told, ackEvery}
  let queue = Promise.resolve();

  async function onDisk(name) {
    const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle(FOLDER, { create: true });
    const handle = await folder.getFileHandle(name, { create: true });
    const access = await handle.createSyncAccessHandle();
    access.truncate(0);
    return {
      write: (bytes, at) => access.write(bytes, { at }),
      end() {
        access.flush();
        access.close();
        return null;
      },
      abort: () => access.close(),
    };
  }

  function inMemory() {
    const parts = [];
    let pending = [];
    let pendingBytes = 0;
    const seal = () => {
      parts.push(new Blob(pending));
      pending = [];
      pendingBytes = 0;
    };
    return {
      write(bytes) {
        pending.push(bytes);
        pendingBytes += bytes.length;
        if (pendingBytes >= BLOB_PART_BYTES) seal();
      },
      end() {
        if (pending.length) seal();
        return new Blob(parts);
      },
      abort() {
        parts.length = 0;
        pending = [];
      },
    };
  }

  async function open(name, sink, ackEvery) {
    const store = sink === 'disk' ? await onDisk(name) : inMemory();
    file = { store, hasher: (await self.hashwasm.createSHA256()).init(), at: 0, told: 0, ackEvery };
  }

  function write(buffer) {
    const bytes = new Uint8Array(buffer);
    file.store.write(bytes, file.at);
    file.at += bytes.length;
    file.hasher.update(bytes);
    if (file.at - file.told >= file.ackEvery) {
      file.told = file.at;
      self.postMessage({ stored: file.at });
    }
  }

  function end() {
    const blob = file.store.end();
    self.postMessage({ sha256: file.hasher.digest('hex'), bytes: file.at, blob });
    file = null;
  }

  self.onmessage = ({ data }) => {
    queue = queue
      .then(async () => {
        if (data?.open) await open(data.open, data.sink, data.ackEvery);
        else if (data === 'end') end();
        else if (data === 'abort') file?.store.abort();
        else write(data);
      })
      .catch((error) => self.postMessage({ error: String(error) }));
  };
})();
