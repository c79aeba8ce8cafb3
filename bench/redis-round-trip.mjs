// Sends lone requests to Redis at a fixed rate, each in its own write as soon as it is due (the way
// the relay sends a frame's routing call when nothing else is in flight), and reports the Redis
// process's CPU per request (user + system from /proc/<pid>/stat); not this client's, which spins
// to pace.
//   node bench/redis-round-trip.mjs <port> <rate/s> <seconds> <redis pid> <command> [args...]
// Used by bench/redis-round-trip.sh.
import fs from 'node:fs';
import net from 'node:net';

const [port, rate, seconds, pid, ...command] = process.argv.slice(2);
const request = Buffer.from(
  `*${command.length}\r\n` + command.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join(''),
);
const TICK_MICROS = 10_000; // /proc/<pid>/stat counts in 1/100 s (USER_HZ)
const redisCpuMicros = () => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MICROS;
};

const socket = net.connect(Number(port), '127.0.0.1');
socket.setNoDelay(true);
socket.resume(); // replies are read and dropped
await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));

const total = Number(rate) * Number(seconds);
let sent = 0;
const start = process.hrtime.bigint();
const redisBefore = redisCpuMicros();
await new Promise((done) => {
  const tick = () => {
    const elapsed = process.hrtime.bigint() - start;
    const due = Math.min(total, Number((elapsed * BigInt(rate)) / 1_000_000_000n));
    if (sent < due) {
      socket.write(request);
      sent++;
    }
    if (sent >= total) return done();
    setImmediate(tick);
  };
  tick();
});
await new Promise((resolve) => setTimeout(resolve, 500));
const redis = (redisCpuMicros() - redisBefore) / sent;
console.log(
  `${command[0].padEnd(8)} ${String(rate).padStart(6)}/s: ${sent} requests, ` +
    `Redis CPU ${redis.toFixed(1)} µs per request`,
);
socket.end();
