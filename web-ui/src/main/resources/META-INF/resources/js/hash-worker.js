// SHA-256 of a file in transit, off the page's main thread so hashing runs beside the transfer.
import { Sha256 } from './sha256.js';

const hash = new Sha256();
self.onmessage = ({ data }) => {
  if (data === 'digest') self.postMessage(hash.hex());
  else hash.update(data);
};
