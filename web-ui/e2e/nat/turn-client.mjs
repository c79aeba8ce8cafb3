// Just enough of a TURN client (RFC 5766/8656 over UDP, long-term credentials) to ask a TURN server
// for an allocation and for permissions to chosen peers, and to read its answers: the test proves
// with it that coturn refuses to relay to private and loopback addresses. Credentials are the ones
// signaling-service hands out (coturn's REST API scheme).
import dgram from 'node:dgram';
import { createHash, createHmac, randomBytes } from 'node:crypto';

const MAGIC = 0x2112a442;
const ALLOCATE = 0x0003;
const CREATE_PERMISSION = 0x0008;
const SUCCESS = 0x0100;
const ERROR = 0x0110;
const ATTR = {
  USERNAME: 0x0006,
  MESSAGE_INTEGRITY: 0x0008,
  ERROR_CODE: 0x0009,
  XOR_PEER_ADDRESS: 0x0012,
  REALM: 0x0014,
  NONCE: 0x0015,
  XOR_RELAYED_ADDRESS: 0x0016,
  REQUESTED_TRANSPORT: 0x0019,
  LIFETIME: 0x000d,
};

/** coturn's REST API credentials: username `<expiry>:<user>`, password base64(HMAC-SHA1(secret, username)). */
export function ephemeralCredentials(secret, user, lifetimeSeconds = 600) {
  const username = `${Math.floor(Date.now() / 1000) + lifetimeSeconds}:${user}`;
  return { username, password: createHmac('sha1', secret).update(username).digest('base64') };
}

function attribute(type, value) {
  const header = Buffer.alloc(4);
  header.writeUInt16BE(type, 0);
  header.writeUInt16BE(value.length, 2);
  const padding = Buffer.alloc((4 - (value.length % 4)) % 4);
  return Buffer.concat([header, value, padding]);
}

function xorAddress(ip) {
  const value = Buffer.alloc(8);
  value.writeUInt8(0x01, 1); // IPv4
  value.writeUInt16BE(1234 ^ (MAGIC >>> 16), 2); // the port does not matter for a permission
  ip.split('.').forEach((octet, i) => value.writeUInt8(Number(octet) ^ ((MAGIC >>> (24 - 8 * i)) & 0xff), 4 + i));
  return value;
}

function encode(method, attributes, key) {
  const id = randomBytes(12);
  let body = Buffer.concat(attributes);
  const header = (length) => {
    const h = Buffer.alloc(20);
    h.writeUInt16BE(method, 0);
    h.writeUInt16BE(length, 2);
    h.writeUInt32BE(MAGIC, 4);
    id.copy(h, 8);
    return h;
  };
  if (key) {
    // MESSAGE-INTEGRITY covers the message with its length already counting the attribute itself.
    const hmac = createHmac('sha1', key).update(Buffer.concat([header(body.length + 24), body])).digest();
    body = Buffer.concat([body, attribute(ATTR.MESSAGE_INTEGRITY, hmac)]);
  }
  return Buffer.concat([header(body.length), body]);
}

function decode(message) {
  const type = message.readUInt16BE(0);
  const attributes = new Map();
  for (let offset = 20; offset + 4 <= message.length; ) {
    const attrType = message.readUInt16BE(offset);
    const length = message.readUInt16BE(offset + 2);
    attributes.set(attrType, message.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length + ((4 - (length % 4)) % 4);
  }
  const error = attributes.get(ATTR.ERROR_CODE);
  return {
    success: (type & 0x0110) === SUCCESS,
    failed: (type & 0x0110) === ERROR,
    code: error ? error.readUInt8(2) * 100 + error.readUInt8(3) : null,
    reason: error ? error.subarray(4).toString('utf8') : null,
    realm: attributes.get(ATTR.REALM)?.toString('utf8'),
    nonce: attributes.get(ATTR.NONCE),
    relayed: attributes.has(ATTR.XOR_RELAYED_ADDRESS),
  };
}

/** One UDP TURN session against host:port. */
export class TurnSession {
  #socket = dgram.createSocket('udp4');
  #credentials;
  #realm;
  #nonce;
  #key;

  constructor(host, port, credentials) {
    this.host = host;
    this.port = port;
    this.#credentials = credentials;
  }

  #exchange(message, timeoutMs = 3000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#socket.off('message', onMessage);
        reject(new Error(`no answer from ${this.host}:${this.port} within ${timeoutMs} ms`));
      }, timeoutMs);
      const onMessage = (answer) => {
        clearTimeout(timer);
        this.#socket.off('message', onMessage);
        resolve(decode(answer));
      };
      this.#socket.on('message', onMessage);
      this.#socket.send(message, this.port, this.host);
    });
  }

  #authenticated() {
    return [
      attribute(ATTR.USERNAME, Buffer.from(this.#credentials.username)),
      attribute(ATTR.REALM, Buffer.from(this.#realm)),
      attribute(ATTR.NONCE, this.#nonce),
    ];
  }

  /** Allocate a relay: the first try is refused with 401 and the realm and nonce to use. */
  async allocate() {
    const transport = attribute(ATTR.REQUESTED_TRANSPORT, Buffer.from([17, 0, 0, 0])); // UDP
    const challenge = await this.#exchange(encode(ALLOCATE, [transport]));
    if (challenge.code !== 401) throw new Error(`expected a 401 challenge, got ${challenge.code}`);
    this.#realm = challenge.realm;
    this.#nonce = challenge.nonce;
    this.#key = createHash('md5').update(`${this.#credentials.username}:${this.#realm}:${this.#credentials.password}`).digest();
    const lifetime = Buffer.alloc(4);
    lifetime.writeUInt32BE(60);
    return this.#exchange(encode(ALLOCATE, [transport, attribute(ATTR.LIFETIME, lifetime), ...this.#authenticated()], this.#key));
  }

  /** Ask permission to relay to (and from) one peer address. */
  createPermission(peerIp) {
    return this.#exchange(encode(CREATE_PERMISSION, [attribute(ATTR.XOR_PEER_ADDRESS, xorAddress(peerIp)), ...this.#authenticated()], this.#key));
  }

  close() {
    this.#socket.close();
  }
}
