// docker-compose.yml against the current compose-spec JSON schema (the one dclint ships) and the
// invariants a stack that "starts clean and stays up" keeps. No Docker engine is needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT, SERVICES, configKeysOf } from './support.mjs';

const DCLINT = new URL('node_modules/dclint/', import.meta.url).pathname;
const text = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
const compose = parse(text, { merge: true });
const services = compose.services;

test('docker-compose.yml is valid against the compose-spec schema', () => {
  const schema = JSON.parse(readFileSync(join(DCLINT, 'schemas/compose.schema.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  // Its $schema names draft-07 by an address Ajv does not register; Ajv's default is draft-07.
  const { $schema, ...draft07 } = schema;
  const validate = ajv.compile(draft07);
  // The schema sees what Compose sees: YAML merge keys resolved.
  assert.ok(validate(compose), JSON.stringify(validate.errors, null, 2));
});

// Its ordering preferences are warnings (--quiet drops them). Its unbound-port rule cannot read the
// interpolated address of web-ui's port; the last test here checks that binding instead.
test('dclint finds no error', () => {
  const run = spawnSync(
    process.execPath,
    [join(DCLINT, 'bin/dclint.cjs'), join(ROOT, 'docker-compose.yml'), '--quiet', '--color', 'false', '--disable-rule', 'no-unbound-port-interfaces'],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(run.status, 0, `dclint:\n${run.stdout}${run.stderr}`);
});

test('every service has a health check and a restart policy, and waits for what it needs to be healthy', () => {
  for (const [name, service] of Object.entries(services)) {
    assert.ok(service.healthcheck?.test, `${name} has a healthcheck`);
    assert.ok(['always', 'unless-stopped', 'on-failure'].includes(service.restart), `${name} restarts (${service.restart})`);
    const dependencies = service.depends_on ?? {};
    assert.ok(!Array.isArray(dependencies), `${name} uses the long depends_on form`);
    for (const [dependency, condition] of Object.entries(dependencies)) {
      assert.equal(condition.condition, 'service_healthy', `${name} waits for ${dependency} to be healthy`);
      assert.ok(services[dependency], `${name} depends on ${dependency}, which exists`);
    }
  }
  for (const name of SERVICES) assert.ok(services[name], `${name} is in the stack`);
});

test('PostgreSQL and Redis keep their data on named volumes; Redis appends to a log', () => {
  const named = (service, path) =>
    (services[service].volumes ?? []).some((v) => {
      const [source, target] = (typeof v === 'string' ? v : `${v.source}:${v.target}`).split(':');
      return target === path && source in (compose.volumes ?? {});
    });
  assert.ok(named('postgres', '/var/lib/postgresql/data'), 'postgres data on a named volume');
  assert.ok(named('redis', '/data'), 'redis data on a named volume');
  const command = [].concat(services.redis.command).join(' ');
  assert.match(command, /--appendonly yes/);
  assert.match(command, /--dir \/data/);
  assert.ok(named('auth-service', '/deployments/keys'), 'the development signing key survives a restart');
});

test('coturn runs with the deployments\' policy and the same secret as signaling', () => {
  const coturn = services.coturn;
  for (const mount of coturn.volumes.filter((v) => typeof v === 'string' && v.startsWith('./k8s'))) {
    assert.ok(existsSync(join(ROOT, mount.split(':')[0])), `${mount} exists`);
  }
  assert.equal(coturn.environment.TURN_SECRET, services['signaling-service'].environment.SIGNALING_ICE_TURN_SECRET);
  assert.match(coturn.environment.TURN_SECRET, /^\$\{TURN_SECRET:\?/, 'the TURN secret is required, never defaulted');
  assert.match(services['signaling-service'].environment.SIGNALING_ICE_SERVER, /TURN_HOST/);
});

test('every variable the file interpolates is explained in .env.example', () => {
  const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
  const documented = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
  const used = new Set([...text.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]));
  assert.deepEqual([...used].filter((name) => !documented.has(name)), []);
});

test('every environment variable set on a service is a real configuration key of it', () => {
  const problems = [];
  for (const name of SERVICES) {
    const keys = configKeysOf(name);
    for (const variable of Object.keys(services[name].environment ?? {})) {
      if (!keys.has(variable)) problems.push(`${name}: ${variable}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('only the app\'s origin may be published beyond loopback', () => {
  for (const [name, service] of Object.entries(services)) {
    for (const port of service.ports ?? []) {
      if (name === 'web-ui') assert.match(port, /^\$\{PUBLISH_ADDRESS:-127\.0\.0\.1\}:/);
      else assert.match(port, /^127\.0\.0\.1:/, `${name} publishes ${port} on loopback only`);
    }
  }
});

// The images are built from the repository root by deploy/Dockerfile.{jvm,native}. Maven reads the
// pom of every module of the reactor, and a service is compiled with the shared modules' sources:
// a module added to pom.xml and not to the Dockerfiles breaks every image (platform once did).
test('both Dockerfiles copy every module\'s pom and the sources of the shared modules', () => {
  const rootPom = readFileSync(join(ROOT, 'pom.xml'), 'utf8');
  const modules = [...rootPom.matchAll(/<module>([^<]+)<\/module>/g)].map(([, name]) => name);
  const shared = ['contracts', 'platform', 'test-support'];
  for (const dockerfile of ['deploy/Dockerfile.jvm', 'deploy/Dockerfile.native']) {
    const text = readFileSync(join(ROOT, dockerfile), 'utf8');
    for (const module of modules) assert.match(text, new RegExp(`^COPY ${module}/pom\\.xml ${module}/$`, 'm'), `${dockerfile} copies ${module}/pom.xml`);
    for (const module of shared) assert.match(text, new RegExp(`^COPY ${module}/src ${module}/src$`, 'm'), `${dockerfile} copies ${module}/src`);
    assert.match(text, /-Dexec\.skip=true/, `${dockerfile}: the client's npm lint is not part of an image build`);
  }
});
