// The pod start-up check: every service of the dev overlay started the way Kubernetes would start
// its pod, from the rendered manifests:
// - as the pod's uid and gid with its fsGroup as a supplementary group (setpriv), all capabilities gone;
// - on a read-only root file system holding only the OS and a copy of the packaged service at
//   /deployments (bubblewrap), writable only where the pod mounts an emptyDir;
// - with each mounted Secret and ConfigMap written as the kubelet writes it: root-owned, the volume's
//   mode, group = fsGroup with group-read added (SetVolumeOwnership);
// - with exactly the container's environment (envFrom, env, secretKeyRef, fieldRef) and the image's
//   JAVA_OPTS from deploy/Dockerfile.jvm;
// - all pods in one network namespace of their own ("the cluster network"), where /etc/hosts maps the
//   Service names to loopback; Redis is a private redis-server with the dev Secret's password and
//   PostgreSQL is this machine's, reached through a Unix-socket bridge.
// Not covered: the container image itself (the JDK and OS here are the host's), seccomp, cgroup
// limits, the kubelet's symlinked Secret layout, DNS, probes' timing, NetworkPolicies.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, SERVICES, byKindAndName, dataOf, environmentOf, renderOverlay } from './support.mjs';

const isRoot = process.getuid?.() === 0;
const NETNS = `cybernet-pods-${process.pid}`;
const READY_WITHIN_MS = 120_000;
const HOST_NAMES = ['postgres', 'redis', 'mailpit', ...SERVICES];
const FORWARD = new URL('forward.mjs', import.meta.url).pathname;
// The JDK itself, not a /usr/bin symlink through /etc/alternatives: the sandbox binds /usr and /etc
// read-only either way, but the resolved path names exactly what runs.
const JAVA = execFileSync('readlink', ['-f', execFileSync('which', ['java'], { encoding: 'utf8' }).trim()], { encoding: 'utf8' }).trim();
const JAVA_OPTS = readFileSync(join(ROOT, 'deploy/Dockerfile.jvm'), 'utf8').match(/JAVA_OPTS="([^"]+)"/)[1];

const processes = [];
let work;
let docs;

function inNetns(command, args, options = {}) {
  return spawn('ip', ['netns', 'exec', NETNS, command, ...args], options);
}

function started(child, name) {
  processes.push(child);
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => chunk.toString().includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`${name} exited (${code})`)));
  });
}

/** Writes a Secret or ConfigMap volume as the kubelet would and returns its folder. */
function materialise(pod, volume, dir) {
  const fsGroup = pod.securityContext?.fsGroup;
  mkdirSync(dir, { recursive: true });
  if (volume.emptyDir) {
    chmodSync(dir, 0o777);
    return dir;
  }
  const source = volume.secret ?? volume.configMap;
  const object = byKindAndName(docs, volume.secret ? 'Secret' : 'ConfigMap', source.secretName ?? source.name);
  if (!object && source.optional) return dir;
  const data = dataOf(object);
  const items = source.items ?? Object.keys(data).map((key) => ({ key, path: key }));
  for (const item of items) {
    const file = join(dir, item.path);
    writeFileSync(file, data[item.key]);
    let mode = item.mode ?? source.defaultMode ?? 0o644;
    if (fsGroup !== undefined) mode |= 0o440;
    chownSync(file, 0, fsGroup ?? 0);
    chmodSync(file, mode);
  }
  chownSync(dir, 0, fsGroup ?? 0);
  chmodSync(dir, 0o755);
  return dir;
}

/** The argv that runs a command inside the pod's sandbox. */
function sandbox(name, pod, container, env, command, app = name) {
  const security = { ...pod.securityContext, ...container.securityContext };
  const groups = [security.runAsGroup, pod.securityContext?.fsGroup, ...(pod.securityContext?.supplementalGroups ?? [])].filter((g) => g !== undefined);
  const mounts = [];
  for (const mount of container.volumeMounts ?? []) {
    const volume = pod.volumes.find((v) => v.name === mount.name);
    const dir = materialise(pod, volume, join(work, name, mount.name));
    mounts.push(volume.emptyDir && !mount.readOnly ? '--bind' : '--ro-bind', dir, mount.mountPath);
  }
  const root = security.readOnlyRootFilesystem ? ['--remount-ro', '/'] : [];
  return [
    'setpriv', `--reuid=${security.runAsUser}`, `--regid=${security.runAsGroup ?? security.runAsUser}`, `--groups=${groups.join(',')}`,
    '--inh-caps=-all', '--bounding-set=-all', '--',
    'bwrap', '--die-with-parent', '--unshare-pid', '--unshare-ipc', '--clearenv',
    '--ro-bind', '/usr', '/usr', '--symlink', 'usr/bin', '/bin', '--symlink', 'usr/sbin', '/sbin',
    '--symlink', 'usr/lib', '/lib', '--symlink', 'usr/lib64', '/lib64',
    '--ro-bind', '/etc', '/etc', '--ro-bind', join(work, 'hosts'), '/etc/hosts',
    '--proc', '/proc', '--dev', '/dev',
    '--ro-bind', join(work, 'apps', app), '/deployments', '--chdir', '/deployments',
    ...mounts,
    ...root,
    ...Object.entries(env).flatMap(([key, value]) => ['--setenv', key, value]),
    '--', ...command,
  ];
}

/** Starts a service's pod; returns the process, its port and what it has printed so far. */
function startPod(name, { podPatch = (pod) => pod } = {}) {
  const workload = byKindAndName(docs, 'Deployment', name);
  const pod = podPatch(structuredClone(workload.spec.template.spec));
  const container = pod.containers[0];
  const env = { PATH: '/usr/bin:/bin', ...environmentOf(docs, container, `${name}-7d9c8-x2x4q`) };
  const argv = sandbox(name, pod, container, env, [JAVA, ...JAVA_OPTS.split(' '), '-jar', '/deployments/quarkus-run.jar']);
  const child = inNetns(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  processes.push(child);
  return { child, pod, container, port: container.ports[0].containerPort, output: () => output };
}

function httpStatus(port, path) {
  const run = spawnSync('ip', ['netns', 'exec', NETNS, 'curl', '-s', '-o', '/dev/null', '-m', '2', '-w', '%{http_code}', `http://127.0.0.1:${port}${path}`], { encoding: 'utf8' });
  return Number(run.stdout || 0);
}

async function readyOrExit(pod, within = READY_WITHIN_MS) {
  const deadline = Date.now() + within;
  while (Date.now() < deadline) {
    if (exited(pod.child)) return 'exited';
    if (httpStatus(pod.port, '/q/health/ready') === 200) return 'ready';
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return 'timeout';
}

const exited = (child) => child.exitCode !== null || child.signalCode !== null;

function stop(child) {
  if (exited(child)) return Promise.resolve();
  child.kill('SIGTERM');
  return new Promise((resolve) => child.on('exit', resolve));
}

describe('pods started as Kubernetes would start them (dev overlay)', { skip: !isRoot && 'needs root (network namespaces, setpriv)' }, () => {
  const pods = {};

  before(async () => {
    docs = renderOverlay('dev');
    work = mkdtempSync(join(tmpdir(), 'cybernet-pods-'));
    chmodSync(work, 0o755);
    writeFileSync(join(work, 'hosts'), `127.0.0.1 localhost ${HOST_NAMES.join(' ')}\n::1 localhost\n`);
    // Each packaged service is copied in, readable by all, as the image's COPY puts it into
    // /deployments: the checkout itself may sit in a folder uid 185 cannot enter (mktemp -d is 0700).
    for (const name of SERVICES) {
      const app = join(work, 'apps', name);
      cpSync(join(ROOT, name, 'target/quarkus-app'), app, { recursive: true });
    }
    execFileSync('chmod', ['-R', 'a+rX', join(work, 'apps')]);
    // A namespace left by a run that was killed before its clean-up: its process is gone.
    for (const [, pid] of execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).matchAll(/^cybernet-pods-(\d+)/gm)) {
      if (spawnSync('kill', ['-0', pid]).status !== 0) spawnSync('ip', ['netns', 'del', `cybernet-pods-${pid}`]);
    }
    execFileSync('ip', ['netns', 'add', NETNS]);
    execFileSync('ip', ['netns', 'exec', NETNS, 'ip', 'link', 'set', 'lo', 'up']);

    const redisPassword = dataOf(byKindAndName(docs, 'Secret', secretName('redis'))).password;
    const redis = inNetns('redis-server', ['--bind', '127.0.0.1', '--port', '6379', '--requirepass', redisPassword, '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], { stdio: ['ignore', 'pipe', 'pipe'] });
    processes.push(redis);
    // PostgreSQL: this machine's, over TCP on the host side, a Unix socket across the namespaces.
    const bridge = join(work, 'postgres.sock');
    const pgHost = spawn(process.execPath, [FORWARD, `unix:${bridge}`, 'tcp:127.0.0.1:5432'], { stdio: ['pipe', 'pipe', 'inherit'] });
    await started(pgHost, 'postgres bridge (host)');
    chmodSync(bridge, 0o777);
    const pgPod = inNetns(process.execPath, [FORWARD, 'tcp:127.0.0.1:5432', `unix:${bridge}`], { stdio: ['pipe', 'pipe', 'inherit'] });
    await started(pgPod, 'postgres bridge (pod network)');

    for (const name of SERVICES) pods[name] = startPod(name);
    await Promise.all(SERVICES.map(async (name) => (pods[name].state = await readyOrExit(pods[name]))));
  });

  after(async () => {
    await Promise.all(processes.map(stop));
    spawnSync('ip', ['netns', 'del', NETNS]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  for (const name of SERVICES) {
    test(`${name} becomes ready, live and started as uid 185 on a read-only root`, () => {
      const pod = pods[name];
      assert.equal(pod.state, 'ready', `${name} did not become ready:\n${pod.output().slice(-3000)}`);
      assert.equal(httpStatus(pod.port, '/q/health/live'), 200);
      assert.equal(httpStatus(pod.port, '/q/health/started'), 200);
      const listener = spawnSync('ip', ['netns', 'exec', NETNS, 'ss', '-Hltnp', `sport = :${pod.port}`], { encoding: 'utf8' }).stdout;
      const pid = listener.match(/pid=(\d+)/)?.[1];
      assert.ok(pid, `a process listens on ${pod.port}`);
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      assert.match(status, /^Uid:\s+185\s+185\s+185\s+185$/m, 'it runs as uid 185');
      assert.match(status, /^CapEff:\s+0+$/m, 'with no capabilities');
      assert.doesNotMatch(pod.output(), /Unrecognized configuration key/, 'every key the manifests set is known to Quarkus');
    });
  }

  test('the sandbox is what it claims: a read-only root, writable emptyDirs, the pod\'s ids', () => {
    const workload = byKindAndName(docs, 'Deployment', 'auth-service');
    const pod = workload.spec.template.spec;
    const argv = sandbox('probe', pod, pod.containers[0], { PATH: '/usr/bin' }, ['sh', '-c', 'id -u; id -G; touch /deployments/x /x 2>/dev/null && echo root-writable; touch /tmp/x && echo tmp-writable; cat /keys/active-kid >/dev/null && echo keys-readable'], 'auth-service');
    const run = spawnSync('ip', ['netns', 'exec', NETNS, ...argv], { encoding: 'utf8' });
    assert.deepEqual(run.stdout.trim().split('\n'), ['185', '185', 'tmp-writable', 'keys-readable'], run.stderr);
  });

  test('auth-service does not start with its keys mounted as the old manifests mounted them (0400, no fsGroup)', async () => {
    await stop(pods['auth-service'].child);
    const broken = startPod('auth-service', {
      podPatch: (pod) => {
        delete pod.securityContext.fsGroup;
        pod.volumes.find((v) => v.name === 'signing-keys').secret.defaultMode = 0o400;
        return pod;
      },
    });
    const state = await readyOrExit(broken, 60_000);
    assert.notEqual(state, 'ready');
    assert.match(broken.output(), /\/keys/, 'the failure names the key folder');
    await stop(broken.child);
  });
});

function secretName(prefix) {
  return docs.find((d) => d.kind === 'Secret' && d.metadata.name.startsWith(`${prefix}-`)).metadata.name;
}
