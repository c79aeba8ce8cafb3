// SHA-256 of a file in transit, off the page's main thread so hashing runs beside the transfer.
// hash-wasm (vendored from npm by `npm run vendor`): incremental, WebAssembly, far faster than a
// JavaScript SHA-256. Chunks are hashed in the order they arrive, each answered with 'hashed' (so
// the page can bound how much waits here); 'digest' answers with {sha256}.
importScripts('./vendor/hash-wasm/sha256.umd.min.js');

let hashing = self.hashwasm.createSHA256().then((hasher) => hasher.init());

self.onmessage = ({ data }) => {
  hashing = hashing.then((hasher) => {
    if (data === 'digest') {
      self.postMessage({ sha256: hasher.digest('hex') });
    } else {
      hasher.update(data instanceof ArrayBuffer ? new Uint8Array(data) : data);
      self.postMessage('hashed');
    }
    return hasher;
  });
  hashing.catch((error) => self.postMessage({ error: String(error) }));
};
