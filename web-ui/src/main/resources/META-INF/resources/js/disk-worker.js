// Receives a large file into the origin's private file system off the page's thread: every chunk is
// written through a synchronous access handle and hashed (hash-wasm, vendored) in the same step, so
// the page only hands the chunks over (transferred, not copied) and waits for nothing per chunk.
// Messages: {open: name, ackEvery: bytes} first, then ArrayBuffers in order (answered with
// {stored: bytes} about every `ackEvery` bytes on disk), then 'end' (answered with {sha256, bytes})
// or 'abort'. Failures are answered with {error}.
importScripts('./vendor/hash-wasm/sha256.umd.min.js');

(() => {
  const FOLDER = 'incoming';
  let file = null; // {access, hasher, at}
  let queue = Promise.resolve();

  async function openFile(name, ackEvery) {
    const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle(FOLDER, { create: true });
    const handle = await folder.getFileHandle(name, { create: true });
    const access = await handle.createSyncAccessHandle();
    access.truncate(0);
    file = { access, hasher: (await self.hashwasm.createSHA256()).init(), at: 0, told: 0, ackEvery };
  }

  function write(buffer) {
    const bytes = new Uint8Array(buffer);
    file.access.write(bytes, { at: file.at });
    file.at += bytes.length;
    file.hasher.update(bytes);
    if (file.at - file.told >= file.ackEvery) {
      file.told = file.at;
      self.postMessage({ stored: file.at });
    }
  }

  function end() {
    file.access.flush();
    file.access.close();
    self.postMessage({ sha256: file.hasher.digest('hex'), bytes: file.at });
    file = null;
  }

  self.onmessage = ({ data }) => {
    queue = queue
      .then(async () => {
        if (data?.open) await openFile(data.open, data.ackEvery);
        else if (data === 'end') end();
        else if (data === 'abort') file?.access.close();
        else write(data);
      })
      .catch((error) => self.postMessage({ error: String(error) }));
  };
})();
