// The Kubernetes overlays, rendered by `kubectl kustomize` as an operator would, checked against the
// real API schemas (values: kubernetes-models; unknown fields: the OpenAPI-generated models of
// @kubernetes/client-node, Kubernetes 1.34) and against the invariants every deployment keeps.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ROOT,
  SERVICES,
  byKindAndName,
  configKeysOf,
  dataOf,
  environmentOf,
  renderOverlay,
  workloads,
} from './support.mjs';

const OVERLAYS = ['dev', 'prod'];
const rendered = Object.fromEntries(OVERLAYS.map((overlay) => [overlay, renderOverlay(overlay)]));

/** The model class of a kind, e.g. apps/v1 Deployment → V1Deployment. */
function modelClass(object) {
  const version = object.apiVersion.split('/').pop();
  const name = `${version[0].toUpperCase()}${version.slice(1)}${object.kind}`;
  const model = k8s[name];
  if (!model) throw new Error(`no model for ${object.apiVersion} ${object.kind}`);
  return model;
}

/** Fields the API does not know, walking the object along the generated models' attribute types. */
function unknownFields(value, type, path, found = []) {
  if (value === null || value === undefined) return found;
  const array = type.match(/^Array<(.+)>$/);
  if (array) {
    value.forEach((item, i) => unknownFields(item, array[1], `${path}[${i}]`, found));
    return found;
  }
  const map = type.match(/^\{ \[key: string\]: (.+); \}$/);
  if (map) {
    for (const [key, item] of Object.entries(value)) unknownFields(item, map[1], `${path}.${key}`, found);
    return found;
  }
  const model = k8s[type];
  if (!model?.attributeTypeMap) return found; // string, number, boolean, Date, IntOrString, any
  const attributes = new Map(model.attributeTypeMap.map((a) => [a.baseName, a.type]));
  for (const [key, item] of Object.entries(value)) {
    if (!attributes.has(key)) found.push(`${path}.${key}`);
    else unknownFields(item, attributes.get(key), `${path}.${key}`, found);
  }
  return found;
}

function label(object) {
  return `${object.kind}/${object.metadata.name}`;
}

function podsOf(docs) {
  return workloads(docs).map((workload) => ({ workload, pod: workload.spec.template.spec }));
}

for (const overlay of OVERLAYS) {
  describe(`k8s/overlays/${overlay}`, () => {
    const docs = rendered[overlay];

    test('every object is valid against the Kubernetes API schema', async () => {
      const problems = [];
      for (const object of docs) {
        const group = object.apiVersion.includes('/') ? object.apiVersion : `v1`;
        const models = await import(`kubernetes-models/${group}`);
        const Model = models[object.kind];
        assert.ok(Model, `kubernetes-models knows ${object.apiVersion} ${object.kind}`);
        // kustomize folds long base64 values over lines; the API server's decoder (Go's) skips the
        // line breaks, so the schema sees them as the server does.
        const asSent = object.kind === 'Secret' && object.data ? { ...object, data: Object.fromEntries(Object.entries(object.data).map(([k, v]) => [k, v.replace(/\s/g, '')])) } : object;
        try {
          new Model(asSent).validate();
        } catch (error) {
          problems.push(`${label(object)}: ${error.message.slice(0, 300)}`);
        }
      }
      assert.deepEqual(problems, []);
    });

    test('no object has a field the API does not know', () => {
      const unknown = docs.flatMap((object) => unknownFields(object, modelClass(object).name, label(object)));
      assert.deepEqual(unknown, []);
    });

    test('every container has probes, requests and limits, and runs non-root on a read-only root', () => {
      const problems = [];
      for (const { workload, pod } of podsOf(docs)) {
        for (const container of pod.containers) {
          const where = `${label(workload)}/${container.name}`;
          const security = { ...pod.securityContext, ...container.securityContext };
          if (!container.livenessProbe) problems.push(`${where}: no livenessProbe`);
          if (!container.readinessProbe) problems.push(`${where}: no readinessProbe`);
          for (const kind of ['requests', 'limits']) {
            for (const resource of ['cpu', 'memory']) {
              if (!container.resources?.[kind]?.[resource]) problems.push(`${where}: no ${kind}.${resource}`);
            }
          }
          if (security.runAsNonRoot !== true) problems.push(`${where}: runAsNonRoot is not true`);
          if (!(security.runAsUser > 0)) problems.push(`${where}: no non-zero runAsUser`);
          if (container.securityContext?.readOnlyRootFilesystem !== true) problems.push(`${where}: root filesystem is writable`);
          if (container.securityContext?.allowPrivilegeEscalation !== false) problems.push(`${where}: privilege escalation allowed`);
          if (!container.securityContext?.capabilities?.drop?.includes('ALL')) problems.push(`${where}: capabilities not dropped`);
          // The one exception: coturn's image needs NET_BIND_SERVICE in the bounding set to exec at all.
          const added = container.securityContext?.capabilities?.add ?? [];
          const allowed = workload.metadata.name === 'coturn' ? ['NET_BIND_SERVICE'] : [];
          if (added.some((c) => !allowed.includes(c))) problems.push(`${where}: adds capabilities ${added}`);
          if (!/:[\w.-]+$/.test(container.image) || container.image.endsWith(':latest')) problems.push(`${where}: image ${container.image} has no pinned tag`);
        }
        if (pod.automountServiceAccountToken !== false) problems.push(`${label(workload)}: service account token mounted`);
        if (pod.serviceAccountName !== 'cybernet-call') problems.push(`${label(workload)}: not the cybernet-call service account`);
      }
      assert.deepEqual(problems, []);
    });

    test('every Secret and ConfigMap a pod refers to exists, with the key it names', () => {
      const problems = [];
      for (const { workload, pod } of podsOf(docs)) {
        for (const container of pod.containers) {
          try {
            environmentOf(docs, container, `${workload.metadata.name}-0`);
          } catch (error) {
            problems.push(`${label(workload)}: ${error.message}`);
          }
        }
        for (const volume of pod.volumes ?? []) {
          const ref = volume.secret ?? volume.configMap;
          if (!ref || ref.optional) continue;
          const kind = volume.secret ? 'Secret' : 'ConfigMap';
          const object = byKindAndName(docs, kind, ref.secretName ?? ref.name);
          if (!object) problems.push(`${label(workload)}: volume ${volume.name} needs ${kind} ${ref.secretName ?? ref.name}`);
          for (const item of ref.items ?? []) {
            if (object && !(item.key in dataOf(object))) problems.push(`${label(workload)}: ${kind} has no ${item.key}`);
          }
        }
      }
      assert.deepEqual(problems, []);
    });

    test('mounted Secrets are readable by the uid the pod runs as', () => {
      // What the kubelet does (SetVolumeOwnership): files of a Secret volume are root-owned with the
      // volume's mode; with an fsGroup their group becomes the fsGroup and group-read is added.
      const problems = [];
      for (const { workload, pod } of podsOf(docs)) {
        for (const container of pod.containers) {
          const security = { ...pod.securityContext, ...container.securityContext };
          const groups = new Set([security.runAsGroup, pod.securityContext?.fsGroup, ...(pod.securityContext?.supplementalGroups ?? [])]);
          for (const mount of container.volumeMounts ?? []) {
            const volume = (pod.volumes ?? []).find((v) => v.name === mount.name);
            if (!volume?.secret) continue;
            const fsGroup = pod.securityContext?.fsGroup;
            let mode = volume.secret.defaultMode ?? 0o644;
            const fileGroup = fsGroup ?? 0;
            if (fsGroup !== undefined) mode |= 0o440;
            const readable = security.runAsUser === 0 || (groups.has(fileGroup) && mode & 0o040) || mode & 0o004;
            if (!readable) {
              problems.push(`${label(workload)}: ${mount.mountPath} is mode ${mode.toString(8)} root:${fileGroup}, unreadable by uid ${security.runAsUser}`);
            }
          }
        }
      }
      assert.deepEqual(problems, []);
    });

    test('every environment variable a manifest sets is a real configuration key of its service', () => {
      const problems = [];
      for (const { workload, pod } of podsOf(docs)) {
        const container = pod.containers[0];
        const env = environmentOf(docs, container, `${workload.metadata.name}-0`);
        if (SERVICES.includes(workload.metadata.name)) {
          const keys = configKeysOf(workload.metadata.name);
          for (const name of Object.keys(env)) {
            if (!keys.has(name)) problems.push(`${label(workload)}: ${name} is not a configuration key of ${workload.metadata.name}`);
          }
        } else {
          // Third-party images: a variable must be read by the script or arguments we give them.
          const documented = thirdPartyEnvironment(workload.metadata.name, container);
          for (const name of Object.keys(env)) {
            if (!documented.has(name)) problems.push(`${label(workload)}: ${name} is read by nothing in the container`);
          }
        }
      }
      assert.deepEqual(problems, []);
    });

    test('configuration is generated, so a change of it rolls the pods', () => {
      for (const { workload, pod } of podsOf(docs)) {
        for (const ref of (pod.containers[0].envFrom ?? []).map((e) => e.configMapRef ?? e.secretRef)) {
          assert.match(ref.name, /-[a-z0-9]{10}$/, `${label(workload)} reads ${ref.name}, which carries no content hash`);
        }
      }
    });

    test('no secret sits in a ConfigMap', () => {
      for (const configMap of docs.filter((d) => d.kind === 'ConfigMap')) {
        for (const [key, value] of Object.entries(configMap.data ?? {})) {
          assert.doesNotMatch(key, /PASSWORD|SECRET|_TOKEN$|REDIS_URL/, `${label(configMap)}: ${key} belongs in a Secret`);
          assert.doesNotMatch(value, /:\/\/[^/\s:@]*:[^@\s]+@/, `${label(configMap)}: ${key} carries credentials in a URL`);
        }
      }
    });

    test('every service and coturn has a PodDisruptionBudget; signaling and the signal store scale with an HPA', () => {
      const budgets = docs.filter((d) => d.kind === 'PodDisruptionBudget');
      const ours = workloads(docs).filter((w) => ['backend', 'turn'].includes(w.metadata.labels['app.kubernetes.io/component']));
      assert.equal(ours.length, SERVICES.length + 1);
      for (const workload of ours) {
        const labels = workload.spec.template.metadata.labels;
        const covered = budgets.some((b) => Object.entries(b.spec.selector.matchLabels).every(([k, v]) => labels[k] === v));
        assert.ok(covered, `${label(workload)} has a PodDisruptionBudget`);
      }
      for (const name of ['signaling-service', 'signal-store-service']) {
        const hpa = byKindAndName(docs, 'HorizontalPodAutoscaler', name);
        assert.ok(hpa, `${name} has an HPA`);
        assert.equal(hpa.spec.scaleTargetRef.name, name);
        assert.ok(hpa.spec.maxReplicas > hpa.spec.minReplicas);
      }
    });

    test('service pods drain: a preStop pause and a grace period longer than it plus the shutdown timeout', () => {
      for (const name of SERVICES) {
        const workload = byKindAndName(docs, 'Deployment', name);
        const pod = workload.spec.template.spec;
        const container = pod.containers[0];
        const pause = Number(container.lifecycle?.preStop?.exec?.command?.[1]);
        assert.ok(pause >= 5, `${name}: preStop pause of at least 5 s (${pause})`);
        const env = environmentOf(docs, container, `${name}-0`);
        const shutdown = Number.parseInt(env.QUARKUS_SHUTDOWN_TIMEOUT, 10);
        assert.ok(shutdown > 0, `${name}: QUARKUS_SHUTDOWN_TIMEOUT is set`);
        assert.ok(pod.terminationGracePeriodSeconds > pause + shutdown, `${name}: grace ${pod.terminationGracePeriodSeconds} s > ${pause} + ${shutdown} s`);
        assert.equal(pod.topologySpreadConstraints?.length, 2, `${name}: spread over zones and nodes`);
        assert.equal(workload.spec.template.metadata.annotations['prometheus.io/scrape'], 'true', `${name}: scraped`);
        assert.equal(workload.spec.template.metadata.annotations['prometheus.io/port'], String(container.ports[0].containerPort));
      }
    });

    test('only what must talk may talk', () => {
      const policies = docs.filter((d) => d.kind === 'NetworkPolicy');
      const denyAll = policies.find((p) => Object.keys(p.spec.podSelector).length === 0 && p.spec.policyTypes.includes('Ingress') && !p.spec.ingress);
      assert.ok(denyAll, 'a default-deny ingress policy');
      const allowedTo = (app) =>
        policies
          .filter((p) => p.spec.podSelector.matchLabels?.['app.kubernetes.io/name'] === app)
          .flatMap((p) => p.spec.ingress.flatMap((rule) => rule.from))
          .flatMap((peer) => peer.podSelector?.matchExpressions?.flatMap((e) => e.values) ?? [peer.podSelector?.matchLabels?.['app.kubernetes.io/name'] ?? `namespace:${JSON.stringify(peer.namespaceSelector)}`])
          .sort();
      assert.deepEqual(allowedTo('auth-service'), ['notification-service', 'signal-store-service', 'signaling-service', 'web-ui']);
      if (overlay === 'dev') {
        assert.deepEqual(allowedTo('postgres'), ['auth-service', 'notification-service', 'signal-store-service']);
        assert.deepEqual(allowedTo('redis'), ['auth-service', 'notification-service', 'signal-store-service', 'signaling-service']);
        assert.deepEqual(allowedTo('mailpit'), ['notification-service']);
      }
    });

    test('the Ingress serves TLS for its host through a named class, with timeouts for WebSockets and long-polls', () => {
      const ingress = byKindAndName(docs, 'Ingress', 'cybernet-call');
      assert.ok(ingress.spec.ingressClassName);
      assert.deepEqual(ingress.spec.tls[0].hosts, [ingress.spec.rules[0].host]);
      const read = Number(ingress.metadata.annotations['nginx.ingress.kubernetes.io/proxy-read-timeout']);
      assert.ok(read > 30, `read timeout ${read} s outlasts a 30 s long-poll`);
    });

    test('coturn denies relaying to private ranges and takes its secret from the same Secret as signaling', () => {
      const coturn = byKindAndName(docs, 'Deployment', 'coturn');
      const policy = dataOf(byKindAndName(docs, 'ConfigMap', coturn.spec.template.spec.volumes.find((v) => v.name === 'policy').configMap.name))['turnserver.conf'];
      for (const range of ['10.0.0.0', '172.16.0.0', '192.168.0.0', '127.0.0.0', '169.254.0.0', '100.64.0.0', 'fc00::', 'fe80::']) {
        assert.match(policy, new RegExp(`^denied-peer-ip=${range.replace(/\./g, '\\.')}`, 'm'), `denies ${range}`);
      }
      assert.doesNotMatch(policy, /^allowed-peer-ip=/m, 'no allowed-peer-ip outside tests');
      assert.doesNotMatch(policy, /^(allow-loopback-peers|static-auth-secret)/m);
      const signaling = byKindAndName(docs, 'Deployment', 'signaling-service').spec.template.spec.containers[0];
      const turnSecret = (c) => c.env.find((e) => e.valueFrom?.secretKeyRef?.key === 'static-auth-secret').valueFrom.secretKeyRef.name;
      assert.equal(turnSecret(coturn.spec.template.spec.containers[0]), turnSecret(signaling));
      assert.equal(coturn.spec.template.spec.hostNetwork, true);
    });
  });
}

test('one place names the public host: changing it changes every URL built from it and rolls the pods', () => {
  const before = rendered.prod;
  const changed = renderOverlay('prod', (dir) => {
    const file = join(dir, 'overlays/prod/kustomization.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('host=call.example.com', 'host=chat.acme.test').replace('turn-host=turn.example.com', 'turn-host=turn.acme.test'));
  });
  const urls = (docs) => ({
    issuer: dataOf(byKindAndName(docs, 'ConfigMap', envFromName(docs, 'auth-service'))).AUTH_ISSUER,
    origins: dataOf(byKindAndName(docs, 'ConfigMap', envFromName(docs, 'signaling-service'))).SIGNALING_ALLOWED_ORIGINS,
    ice: dataOf(byKindAndName(docs, 'ConfigMap', envFromName(docs, 'signaling-service'))).SIGNALING_ICE_SERVER,
    links: dataOf(byKindAndName(docs, 'ConfigMap', envFromName(docs, 'notification-service'))).NOTIFICATION_APP_URL,
    webOrigins: dataOf(byKindAndName(docs, 'ConfigMap', envFromName(docs, 'web-ui'))).WEB_UI_ALLOWED_ORIGINS,
    storeIssuer: dataOf(byKindAndName(docs, 'ConfigMap', envFromName(docs, 'signal-store-service'))).QUARKUS_OIDC_TOKEN_ISSUER,
    ingress: byKindAndName(docs, 'Ingress', 'cybernet-call').spec.rules[0].host,
    certificate: byKindAndName(docs, 'Ingress', 'cybernet-call').spec.tls[0].hosts[0],
  });
  assert.deepEqual(urls(before), {
    issuer: 'https://call.example.com',
    origins: 'https://call.example.com',
    ice: 'turn.example.com',
    links: 'https://call.example.com',
    webOrigins: 'https://call.example.com',
    storeIssuer: 'https://call.example.com',
    ingress: 'call.example.com',
    certificate: 'call.example.com',
  });
  assert.deepEqual(urls(changed), {
    issuer: 'https://chat.acme.test',
    origins: 'https://chat.acme.test',
    ice: 'turn.acme.test',
    links: 'https://chat.acme.test',
    webOrigins: 'https://chat.acme.test',
    storeIssuer: 'https://chat.acme.test',
    ingress: 'chat.acme.test',
    certificate: 'chat.acme.test',
  });
  for (const service of ['auth-service', 'signaling-service', 'notification-service', 'web-ui', 'signal-store-service']) {
    assert.notEqual(envFromName(changed, service), envFromName(before, service), `${service} is rolled by the change`);
  }
});

function envFromName(docs, deployment) {
  return byKindAndName(docs, 'Deployment', deployment).spec.template.spec.containers[0].envFrom[0].configMapRef.name;
}

/** What a third-party container of ours reads from its environment. */
function thirdPartyEnvironment(name, container) {
  const readers = {
    coturn: readFileSync(join(ROOT, 'k8s/base/coturn/entrypoint.sh'), 'utf8'),
    postgres: `${readFileSync(join(ROOT, 'k8s/overlays/dev/postgres/init-databases.sh'), 'utf8')} PGDATA POSTGRES_PASSWORD`,
    redis: (container.args ?? []).join(' '),
    mailpit: '',
  };
  const text = readers[name];
  assert.ok(text !== undefined, `${name} is a known container`);
  return new Set([...text.matchAll(/\$\{?\(?([A-Z][A-Z0-9_]+)|\b([A-Z][A-Z0-9_]{2,})\b/g)].map((m) => m[1] ?? m[2]));
}
