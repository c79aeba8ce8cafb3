// A byte-for-byte TCP/Unix-socket forwarder for test topologies (network namespaces see the same
// file system, so a Unix socket crosses them):
//   node forward.mjs <listen> <target>      each tcp:HOST:PORT (tcp:[::]:PORT for every address of
//                                           both families) or unix:PATH
// Prints "ready" once listening; runs until it is killed.
import net from 'node:net';

function address(spec) {
  const [kind, ...rest] = spec.split(':');
  if (kind === 'unix') return { path: rest.join(':') };
  if (kind === 'tcp') return { host: rest.slice(0, -1).join(':').replace(/^\[(.*)\]$/, '$1'), port: Number(rest.at(-1)) };
  throw new Error(`not tcp:HOST:PORT or unix:PATH: ${spec}`);
}

const [listen, target] = process.argv.slice(2).map(address);
const server = net.createServer((inbound) => {
  const outbound = net.connect(target);
  inbound.pipe(outbound).pipe(inbound);
  const close = () => {
    inbound.destroy();
    outbound.destroy();
  };
  inbound.on('error', close);
  outbound.on('error', close);
});
server.listen(listen, () => console.log('ready'));
