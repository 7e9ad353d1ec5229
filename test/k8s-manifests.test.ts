// Every manifest in deploy/, the rendered Helm chart and the Kustomize output, validated
// without a cluster: built-in kinds against the Kubernetes schemas (kubernetes-models),
// the Operator's resources against its CRD schemas (unknown fields rejected), collector
// configs against the collector's config structure. The broken fixtures prove each check bites.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { APP_DIR, ROOT } from './helpers/paths';

const DEPLOY = path.join(ROOT, 'deploy');
const CHART = path.join(DEPLOY, 'helm', 'botanu');
const BAD = path.join(ROOT, 'fixtures', 'k8s', 'bad');
const REQUIRED = ['--set', 'instrumentation.image=registry.example.com/botanu/autoinstrumentation-nodejs:0.1.0', '--set', 'backend.endpoint=otel-backend.observability.svc.cluster.local:4317'];

interface Result {
  source: string;
  doc: any;
  kind: string;
  name: string;
  namespace?: string;
  via: string;
  errors: string[];
  unused?: string[];
}

type Output = { docs?: Result[]; error?: string; errors?: string[]; unused?: string[] };

const PLAIN = ['operator/collector.yaml', 'operator/instrumentation.yaml', 'examples/init-container.yaml'];
const V = '--validate';
// Every render and validation, run in one process (compiling the CRD schemas is the slow part).
const JOBS: Record<string, string[]> = {
  ...Object.fromEntries(PLAIN.map((f) => [f, ['yaml', path.join(DEPLOY, f), V]])),
  helmDefault: ['helm', CHART, ...REQUIRED, V],
  helmMulti: ['helm', CHART, ...REQUIRED, '--set', 'instrumentation.namespaces={shop,payments,search}', '--set', 'backend.tls.secretName=backend-ca', '--set', 'backend.tls.caFile=/etc/botanu/backend-tls/ca.crt', '--set', 'collector.hostPorts=false', V],
  helmBotanuOnly: ['helm', CHART, ...REQUIRED, '--set', 'backend.enabled=false', V],
  helmBackendOnly: ['helm', CHART, ...REQUIRED, '--set', 'botanu.enabled=false', '--set', 'backend.protocol=otlphttp', '--set', 'backend.endpoint=https://otlp.example.com', V],
  helmGrpc: ['helm', CHART, ...REQUIRED, '--set', 'instrumentation.protocol=grpc', V],
  helmNoImage: ['helm', CHART, '--set', 'backend.endpoint=x:4317'],
  helmNoBackend: ['helm', CHART, '--set', 'instrumentation.image=i'],
  helmNothing: ['helm', CHART, ...REQUIRED, '--set', 'backend.enabled=false', '--set', 'botanu.enabled=false'],
  helmBadValues: ['helm', CHART, ...REQUIRED, '--set', 'backend.protocol=grpc', '--set', 'instrumentation.sampler.type=ratio', '--set', 'collector.replicas=3'],
  kustomize: ['kustomize', path.join(DEPLOY, 'kustomize', 'example'), V],
  seed: ['collector-config', path.join(BAD, 'seed-collector-config.yaml')],
  brokenConfig: ['collector-config', path.join(BAD, 'broken-collector-config.yaml')],
  brokenManifests: ['yaml', path.join(BAD, 'broken-manifests.yaml'), V],
};
let R: Record<string, Output>;

beforeAll(() => {
  const r = spawnSync(process.execPath, [path.join(APP_DIR, 'k8s', 'tools', 'cli.mjs'), 'batch'], { cwd: APP_DIR, encoding: 'utf8', input: JSON.stringify(Object.values(JOBS)) });
  if (!r.stdout) throw new Error(`cli batch printed nothing: ${r.stderr}`);
  const out: Output[] = JSON.parse(r.stdout);
  R = Object.fromEntries(Object.keys(JOBS).map((k, i) => [k, out[i]]));
}, 120_000);

function validated(job: string): Result[] {
  const out = R[job];
  if (out.error) throw new Error(`${job}: ${out.error}`);
  return out.docs!;
}

/** Every object valid, checked by a real schema, and no collector component left dangling. */
function expectClean(results: Result[]) {
  expect(results.length).toBeGreaterThan(0);
  for (const r of results) expect({ obj: `${r.kind}/${r.name}`, via: r.via, errors: r.errors, unused: r.unused ?? [] }).toEqual({ obj: `${r.kind}/${r.name}`, via: expect.stringMatching(/^(crd-schema|kubernetes-models)$/), errors: [], unused: [] });
}

const byKind = (rs: Result[], kind: string) => rs.filter((r) => r.kind === kind);

test('plain manifests (Operator resources, examples) are valid', () => {
  // Every plain manifest in deploy/ is in the list (a new one cannot slip by unvalidated).
  const files = ['operator', 'examples'].flatMap((d) => fs.readdirSync(path.join(DEPLOY, d)).filter((f) => f.endsWith('.yaml')).map((f) => `${d}/${f}`));
  expect(files.sort()).toEqual([...PLAIN].sort());
  const all = PLAIN.flatMap((f) => validated(f));
  expectClean(all);
  expect(all.map((r) => r.kind).sort()).toEqual(['Deployment', 'Instrumentation', 'OpenTelemetryCollector']);
  const [collector] = byKind(all, 'OpenTelemetryCollector');
  expect(collector.doc.spec.mode).toBe('daemonset');
  expect(Object.keys(collector.doc.spec.config.processors).sort()).toEqual(['batch', 'memory_limiter']);
  const [inst] = byKind(all, 'Instrumentation');
  expect(inst.doc.spec.propagators).toEqual(['tracecontext', 'baggage']);
});

test('Helm chart: default values render valid objects that match the plain manifests', () => {
  const rs = validated('helmDefault');
  expectClean(rs);
  const [collector] = byKind(rs, 'OpenTelemetryCollector');
  const [inst] = byKind(rs, 'Instrumentation');
  const plain = Object.fromEntries(['collector', 'instrumentation'].map((n) => [n, validated(`operator/${n}.yaml`)[0].doc]));
  // The chart and the plain manifests describe the same deployment: no drift between them.
  expect(collector.doc.spec).toEqual(plain.collector.spec);
  expect(collector.namespace).toBe('botanu-system');
  expect(inst.doc.spec).toEqual({ ...plain.instrumentation.spec, imagePullPolicy: 'IfNotPresent', nodejs: { ...plain.instrumentation.spec.nodejs, image: 'registry.example.com/botanu/autoinstrumentation-nodejs:0.1.0' } });
});

test('Helm chart: namespaces, TLS, one destination only, no hostPorts — each renders valid and consistent', () => {
  const multi = validated('helmMulti');
  expectClean(multi);
  expect(byKind(multi, 'Instrumentation').map((r) => r.namespace)).toEqual(['shop', 'payments', 'search']);
  const c = byKind(multi, 'OpenTelemetryCollector')[0].doc.spec;
  expect(c.config.exporters['otlp/backend'].tls).toEqual({ insecure: false, ca_file: '/etc/botanu/backend-tls/ca.crt' });
  expect(c.volumeMounts).toEqual([{ name: 'backend-tls', mountPath: '/etc/botanu/backend-tls', readOnly: true }]);
  expect(c.ports.every((p: { hostPort?: number }) => p.hostPort === undefined)).toBe(true);

  // botanu only: apps send everything to the standard receiver, which feeds botanu; no split.
  const botanuOnly = validated('helmBotanuOnly');
  expectClean(botanuOnly);
  const bo = byKind(botanuOnly, 'OpenTelemetryCollector')[0].doc.spec;
  expect(Object.keys(bo.config.service.pipelines)).toEqual(['traces/botanu']);
  expect(bo.config.service.pipelines['traces/botanu'].receivers).toEqual(['otlp']);
  expect(byKind(botanuOnly, 'Instrumentation')[0].doc.spec.nodejs.env.map((e: { name: string }) => e.name)).not.toContain('BOTANU_COLLECTOR_ENDPOINT');

  // Backend only (no botanu key in the cluster): no botanu exporter, no secret reference.
  const backendOnly = validated('helmBackendOnly');
  expectClean(backendOnly);
  const be = byKind(backendOnly, 'OpenTelemetryCollector')[0].doc.spec;
  expect(Object.keys(be.config.exporters)).toEqual(['otlphttp/backend']);
  expect(be.env).toBeUndefined();
});

test('Helm chart: instrumentation.protocol=grpc points the apps at the collector\'s gRPC port (4317)', () => {
  const rs = validated('helmGrpc');
  expectClean(rs);
  const spec = byKind(rs, 'Instrumentation')[0].doc.spec;
  expect(spec.exporter.endpoint).toBe('http://$(OTEL_NODE_IP):4317');
  expect(spec.env).toEqual([{ name: 'OTEL_EXPORTER_OTLP_PROTOCOL', value: 'grpc' }]);
  // The botanu receiver stays HTTP (BOTANU_COLLECTOR_PROTOCOL defaults to http/protobuf under grpc).
  expect(spec.nodejs.env).toEqual(expect.arrayContaining([{ name: 'BOTANU_COLLECTOR_ENDPOINT', value: 'http://$(OTEL_NODE_IP):4319' }]));
});

test('Helm chart: missing required values and values outside values.schema.json fail the render with a message that says what to do', () => {
  expect(R.helmNoImage.error).toMatch(/instrumentation\.image is required: build deploy\/image\/Dockerfile/);
  expect(R.helmNoBackend.error).toMatch(/backend\.endpoint is required/);
  // values.schema.json catches typos and unsupported choices before anything renders.
  expect(R.helmBadValues.error).toMatch(/^values don't meet the specifications of the schema: /);
  expect(R.helmBadValues.error).toContain('/backend/protocol must be equal to one of the allowed values (otlp, otlphttp)');
  expect(R.helmBadValues.error).toContain('/instrumentation/sampler/type must be equal to one of the allowed values');
  expect(R.helmBadValues.error).toContain('/collector must NOT have additional properties (replicas)');
  expect(R.helmNothing.error).toMatch(/enable at least one of backend\.enabled and botanu\.enabled/);
});

test('Kustomize component annotates exactly the Deployments labelled instrumentation=enabled', () => {
  const rs = validated('kustomize');
  expectClean(rs);
  const annotations = Object.fromEntries(rs.map((r) => [r.name, r.doc.spec.template.metadata.annotations ?? {}]));
  expect(annotations.checkout).toEqual({ 'prometheus.io/scrape': 'true', 'instrumentation.opentelemetry.io/inject-nodejs': 'true' });
  expect(annotations.ledger).toEqual({});
});

test("the Python guide's collector step that copies baggage is rejected, with the reason", () => {
  const r = R.seed;
  expect(r.errors).toContain('a processor refers to baggage: baggage never reaches a collector (the agent copies the run context onto spans in-process)');
  expect(r.errors).toContain('processors::attributes: component type "attributes" is not one this check knows');
});

test('broken collector configs and manifests are reported, one finding per mistake', () => {
  const c = R.brokenConfig;
  expect(c.errors).toEqual(
    expect.arrayContaining([
      'receivers::otlp: protocols.grpc.endpoint "0.0.0.0:99999" is not host:port',
      'exporters::otlphttp/botanu: endpoint: invalid value "ingest.botanu.ai"',
      'exporters::otlphttp/botanu: retries: unknown setting (the collector rejects it)',
      'pipeline traces: processor "k8sattributes" is not defined',
      'pipeline traces: memory_limiter must be the first processor',
      'receivers::otlp/second http and otlp http both listen on port 4318',
    ]),
  );
  const rs = validated('brokenManifests');
  const errs = Object.fromEntries(rs.map((r) => [r.name, r.errors.join('; ')]));
  expect(errs['typo-field']).toMatch(/\/spec\/nodejs must NOT have additional properties \(imag\)/);
  expect(errs['bad-propagator']).toMatch(/\/spec\/propagators\/0 must be equal to one of the allowed values/);
  expect(errs['bad-ratio']).toMatch(/spec\.sampler\.argument "1\.5" must be a ratio from 0 to 1/);
  expect(errs['bad-mode']).toMatch(/\/spec\/mode must be equal to one of the allowed values/);
  expect(errs['bad-replicas']).toMatch(/replicas must be integer/);
});

test('the init-container example does what the Operator does: same copy command, mount path and NODE_OPTIONS preload', () => {
  const [d] = validated('examples/init-container.yaml');
  const pod = d.doc.spec.template.spec;
  const [init] = pod.initContainers;
  expect(init.command).toEqual(['cp', '-r', '/autoinstrumentation/.', '/otel-auto-instrumentation-nodejs']);
  const app = pod.containers[0];
  const env = Object.fromEntries(app.env.map((e: { name: string; value?: string }) => [e.name, e.value]));
  expect(env.NODE_OPTIONS).toMatch(/ --require \/otel-auto-instrumentation-nodejs\/autoinstrumentation\.js$/);
  expect(env.OTEL_PROPAGATORS).toBe('tracecontext,baggage');
  // $(OTEL_NODE_IP) only expands when that variable is defined earlier in the list.
  const names = app.env.map((e: { name: string }) => e.name);
  expect(names.indexOf('OTEL_NODE_IP')).toBeLessThan(names.indexOf('OTEL_EXPORTER_OTLP_ENDPOINT'));
  for (const c of [init, app]) expect(c.volumeMounts).toEqual([expect.objectContaining({ name: 'botanu-agent', mountPath: '/otel-auto-instrumentation-nodejs' })]);
  expect(pod.volumes).toEqual([{ name: 'botanu-agent', emptyDir: { sizeLimit: '50Mi' } }]);
});

test('the image Dockerfile builds with the same script the tests run and ships /autoinstrumentation in a stage that has cp', () => {
  const lines = fs.readFileSync(path.join(DEPLOY, 'image', 'Dockerfile'), 'utf8').split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
  const froms = lines.filter((l) => /^FROM /.test(l));
  expect(froms).toEqual(['FROM node:24.21.0-bookworm-slim AS build', 'FROM busybox:1.37.0']); // pinned; busybox provides cp
  expect(lines.join('\n')).toMatch(/node scripts\/build-autoinstrumentation\.mjs --out \/autoinstrumentation/);
  const finalStage = lines.slice(lines.indexOf(froms[1]));
  expect(finalStage).toContain('COPY --from=build /autoinstrumentation /autoinstrumentation');
  expect(finalStage.some((l) => /^USER \d+$/.test(l))).toBe(true);
});
