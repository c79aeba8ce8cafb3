// Shared by the deployment checks: rendering an overlay, reading what a pod would get, and the set of
// configuration keys each service really has.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

/** The Java services: each is a Maven module and the Deployment that runs it. */
export const SERVICES = ['auth-service', 'signaling-service', 'signal-store-service', 'notification-service', 'web-ui'];

/** Placeholder credentials for the prod overlay's external PostgreSQL, Redis and SMTP. */
export const PROD_CREDENTIALS = {
  AUTH_DB_PASSWORD: 'auth-db-placeholder',
  SIGNAL_STORE_DB_PASSWORD: 'store-db-placeholder',
  NOTIFICATION_DB_PASSWORD: 'notification-db-placeholder',
  REDIS_URL: 'rediss://:redis-placeholder@redis.example.internal:6380',
  SMTP_PASSWORD: 'smtp-placeholder',
};

/**
 * Renders an overlay as an operator would: a copy of k8s/ with the overlay's Secrets made by
 * k8s/make-secrets.sh (never the developer's own secrets/), then `kubectl kustomize`.
 * `edit(dir)` may change the copy first. Returns the parsed documents.
 */
export function renderOverlay(overlay, edit = () => {}) {
  const work = mkdtempSync(join(tmpdir(), 'cybernet-k8s-'));
  try {
    cpSync(join(ROOT, 'k8s'), join(work, 'k8s'), {
      recursive: true,
      filter: (source) => !source.includes('/secrets/') || source.endsWith('.gitignore'),
    });
    execFileSync('bash', [join(work, 'k8s/make-secrets.sh'), overlay], {
      env: { ...process.env, ...PROD_CREDENTIALS },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    edit(join(work, 'k8s'));
    const yaml = execFileSync('kubectl', ['kustomize', join(work, 'k8s/overlays', overlay)], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    return parseAllDocuments(yaml).map((doc) => {
      if (doc.errors.length) throw new Error(`kustomize output does not parse: ${doc.errors[0].message}`);
      return doc.toJS();
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

export function workloads(docs) {
  return docs.filter((d) => WORKLOAD_KINDS.has(d.kind));
}

export function byKindAndName(docs, kind, name) {
  return docs.find((d) => d.kind === kind && d.metadata.name === name);
}

/** A Secret's or ConfigMap's entries as strings. */
export function dataOf(object) {
  const out = { ...(object.data ?? {}) };
  if (object.kind === 'Secret') {
    for (const [key, value] of Object.entries(out)) out[key] = Buffer.from(value, 'base64').toString('utf8');
    Object.assign(out, object.stringData ?? {});
  }
  return out;
}

/** The environment a container gets: envFrom first, then env (which wins), as the kubelet does. */
export function environmentOf(docs, container, podName) {
  const env = {};
  for (const source of container.envFrom ?? []) {
    const ref = source.configMapRef ?? source.secretRef;
    const object = byKindAndName(docs, source.configMapRef ? 'ConfigMap' : 'Secret', ref.name);
    if (!object) throw new Error(`${container.name}: envFrom ${ref.name} does not exist`);
    Object.assign(env, dataOf(object));
  }
  for (const entry of container.env ?? []) {
    if ('value' in entry) {
      env[entry.name] = expand(entry.value ?? '', env);
    } else if (entry.valueFrom?.secretKeyRef || entry.valueFrom?.configMapKeyRef) {
      const ref = entry.valueFrom.secretKeyRef ?? entry.valueFrom.configMapKeyRef;
      const object = byKindAndName(docs, entry.valueFrom.secretKeyRef ? 'Secret' : 'ConfigMap', ref.name);
      if (!object) throw new Error(`${container.name}: ${entry.name} refers to ${ref.name}, which does not exist`);
      const data = dataOf(object);
      if (!(ref.key in data)) throw new Error(`${container.name}: ${entry.name} refers to ${ref.name}/${ref.key}, which does not exist`);
      env[entry.name] = data[ref.key];
    } else if (entry.valueFrom?.fieldRef?.fieldPath === 'metadata.name') {
      env[entry.name] = podName;
    } else {
      throw new Error(`${container.name}: ${entry.name} has a value source this check does not model`);
    }
  }
  return env;
}

/** Kubernetes' $(VAR) expansion in env values, args and commands. */
export function expand(text, env) {
  return text.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (all, name) => (name in env ? env[name] : all));
}

/** Every environment variable name a property path answers to (SmallRye Config's mapping). */
export function envName(property) {
  return property.replace(/^%[^.]+\./, '').replace(/[^A-Za-z0-9]/g, '_').toUpperCase();
}

const keyCache = new Map();

/**
 * The configuration a service really reads, as environment variable names and patterns:
 * - every Quarkus (and extension) key in the config model that the packaged service's runtime jars
 *   carry (META-INF/quarkus-config-doc), map segments as wildcards;
 * - every property of the service's own @ConfigMapping interfaces;
 * - every key its application.properties sets or reads (`${VAR}`).
 * Needs the packaged service (`target/quarkus-app`, built by `./mvnw package` or `verify`).
 */
export function configKeysOf(service) {
  if (keyCache.has(service)) return keyCache.get(service);
  const exact = new Set();
  const patterns = [];
  const lib = join(ROOT, service, 'target/quarkus-app/lib/main');
  if (!existsSync(lib)) throw new Error(`${service} is not packaged (${lib} missing): run ./mvnw package -pl ${service} -am first`);
  for (const jar of readdirSync(lib).filter((f) => f.endsWith('.jar'))) {
    let model;
    try {
      model = execFileSync('unzip', ['-p', join(lib, jar), 'META-INF/quarkus-config-doc/quarkus-config-model.json'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        maxBuffer: 64 << 20,
      });
    } catch {
      continue; // a library without Quarkus configuration
    }
    for (const [, name] of model.matchAll(/"environmentVariable"\s*:\s*"([A-Z0-9_]+)"/g)) {
      if (name.includes('__')) {
        patterns.push(new RegExp(`^${name.replace(/__[A-Z0-9_]+?__/g, '_[A-Z0-9_]+_').replace(/__/g, '_')}$`));
      } else {
        exact.add(name);
      }
    }
  }
  for (const property of configMappingProperties(service)) exact.add(envName(property));
  const properties = readFileSync(join(ROOT, service, 'src/main/resources/application.properties'), 'utf8');
  for (const line of properties.split('\n')) {
    const match = line.match(/^\s*([^#%\s][^=\s]*)\s*=/);
    if (match) exact.add(envName(match[1]));
    for (const [, name] of line.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)) exact.add(name);
  }
  const keys = { exact, patterns, has: (name) => exact.has(name) || patterns.some((p) => p.test(name)) };
  keyCache.set(service, keys);
  return keys;
}

/** Property paths of a service's @ConfigMapping interfaces, read from their sources. */
function configMappingProperties(service) {
  const files = execFileSync('grep', ['-rl', '@ConfigMapping', join(ROOT, service, 'src/main/java')], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  const paths = [];
  for (const file of files) {
    const source = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    const prefix = source.match(/@ConfigMapping\(\s*prefix\s*=\s*"([^"]+)"/)[1];
    const interfaces = new Map();
    // Each interface's body up to the next interface declaration: enough for flat nesting.
    const declarations = [...source.matchAll(/interface\s+(\w+)\s*\{/g)];
    declarations.forEach((declaration, i) => {
      const body = source.slice(declaration.index, declarations[i + 1]?.index ?? source.length);
      const methods = [...body.matchAll(/^\s*(?:@\w+(?:\([^)]*\))?\s*)*([\w.<>, ?]+?)\s+(\w+)\(\)\s*;/gm)].map((m) => ({
        type: m[1].trim(),
        name: m[2],
      }));
      interfaces.set(declaration[1], methods);
    });
    const root = declarations[0][1];
    const walk = (name, path) => {
      for (const method of interfaces.get(name) ?? []) {
        const property = `${path}.${method.name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}`;
        const nested = method.type.replace(/^Optional<(.+)>$/, '$1');
        if (interfaces.has(nested) && nested !== name) walk(nested, property);
        else paths.push(property);
      }
    };
    walk(root, prefix);
  }
  return paths;
}
