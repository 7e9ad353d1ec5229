// What the OpenTelemetry Operator does to a Node.js pod, reproduced without a cluster:
// build the image's /autoinstrumentation directory (npm run build:autoinstrumentation),
// copy it with the init container's own command (cp -r /autoinstrumentation/. <emptyDir>),
// and start apps that have NO @botanu/agent of their own with exactly the env the Operator's
// webhook writes from deploy/operator/instrumentation.yaml (then expanded as the kubelet does).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { get, startApp } from './helpers/app';
import { APP_DIR, ROOT } from './helpers/paths';
import { OtlpReceiver, SPAN_KIND, type DecodedSpan } from './helpers/receiver';
import { expandLikeKubelet, operatorEnv, renderManifests, type Pod } from './k8s-operator-env';

const WORK = path.dirname(APP_DIR);
let tmp: string;
let imageDir: string; // the image's /autoinstrumentation
let mountDir: string; // the pod's emptyDir, /otel-auto-instrumentation-nodejs
let appDir: string;
let instrumentation: any;

/** The tarball test/prepare-app.mjs packed for this run (npm names it after the current version). */
function packedTarball(): string {
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const tgz = path.join(WORK, `botanu-agent-${version}.tgz`);
  if (!fs.existsSync(tgz)) throw new Error(`${tgz} not found: test/prepare-app.mjs packs it in jest's globalSetup`);
  return tgz;
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'botanu-k8s-'));
  imageDir = path.join(tmp, 'image', 'autoinstrumentation');
  mountDir = path.join(tmp, 'otel-auto-instrumentation-nodejs');
  appDir = path.join(tmp, 'app');
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-autoinstrumentation.mjs'), '--out', imageDir, '--tarball', packedTarball()], { stdio: ['ignore', 'pipe', 'inherit'] });
  fs.mkdirSync(mountDir);
  execFileSync('cp', ['-r', `${imageDir}/.`, mountDir]); // the init container's command
  // The apps: the fixtures and express, and nothing else (no @botanu/agent anywhere above them).
  fs.mkdirSync(path.join(appDir, 'node_modules'), { recursive: true });
  for (const f of ['orders.mjs', 'inventory.cjs']) fs.copyFileSync(path.join(APP_DIR, 'k8s', f), path.join(appDir, f));
  fs.symlinkSync(path.join(APP_DIR, 'node_modules', 'express'), path.join(appDir, 'node_modules', 'express'), 'dir');
  [instrumentation] = renderManifests('yaml', path.join(ROOT, 'deploy', 'operator', 'instrumentation.yaml')).filter((d) => d.kind === 'Instrumentation');
}, 120_000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('the image directory has the layout the Operator copies, readable by any uid, with only runtime dependencies', () => {
  const entry = path.join(imageDir, 'autoinstrumentation.js');
  expect(fs.readFileSync(entry, 'utf8')).toContain("require('@botanu/agent/register')");
  // The path deploy/examples/Dockerfile.node-options preloads from a prefix install.
  expect(fs.existsSync(path.join(imageDir, 'node_modules', '@botanu', 'agent', 'register.cjs'))).toBe(true);
  const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
  expect(JSON.parse(fs.readFileSync(path.join(imageDir, 'node_modules', '@botanu', 'agent', 'package.json'), 'utf8')).version).toBe(version);
  const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? [path.join(d, e.name), ...walk(path.join(d, e.name))] : [path.join(d, e.name)]));
  const all = walk(imageDir);
  expect(all.filter((p) => fs.lstatSync(p).isSymbolicLink())).toEqual([]); // nothing that could dangle after cp -r
  for (const p of all) {
    const mode = fs.statSync(p).mode;
    expect({ p, readable: (mode & 0o444) === 0o444, traversable: !fs.statSync(p).isDirectory() || (mode & 0o111) === 0o111 }).toEqual({ p, readable: true, traversable: true });
  }
  // OpenTelemetry is bundled into the agent; no dev dependency or test library came along.
  const top = fs.readdirSync(path.join(imageDir, 'node_modules')).filter((n) => !n.startsWith('.'));
  expect(top).toEqual(expect.arrayContaining(['@botanu', 'import-in-the-middle', 'require-in-the-middle']));
  for (const n of ['@opentelemetry', 'express', 'jest', 'typescript', 'esbuild', 'node22', 'node24', 'node26']) expect(top).not.toContain(n);
  // The copy is byte-identical (cp -r of the directory's contents, as the init container runs it).
  expect(walk(mountDir).map((p) => path.relative(mountDir, p)).sort()).toEqual(all.map((p) => path.relative(imageDir, p)).sort());
});

const POD: Pod = {
  namespace: 'shop',
  node: 'node-a',
  nodeIP: '127.0.0.1',
  podIP: '127.0.0.1',
  container: 'app',
  image: 'registry.example.com/shop/orders:1.4.2',
  // The app's own NODE_OPTIONS, which the Operator appends to.
  env: [{ name: 'NODE_OPTIONS', value: '--max-old-space-size=256' }],
  deployment: '',
  replicaSet: '',
  podName: '',
};

function rootSpansOf(spans: DecodedSpan[], traceId: string) {
  return spans.filter((s) => s.traceId === traceId);
}

const apps: [string, string, string][] = [
  ['ESM', 'orders.mjs', 'orders'],
  ['CommonJS', 'inventory.cjs', 'inventory'],
];

test.each(apps)('%s express app (%s) injected like the Operator does: run context on every span, k8s resource, sampled share vs all', async (_label, script, deployment) => {
  const pod: Pod = { ...POD, deployment, replicaSet: `${deployment}-5d8f7c9b4`, podName: `${deployment}-5d8f7c9b4-x2x7k` };
  const list = operatorEnv(instrumentation, pod, mountDir);
  const env = expandLikeKubelet(list);
  // Exactly what the Operator computed from the manifest; only the node's collector ports are
  // swapped for this test's receivers.
  expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://127.0.0.1:4318');
  expect(env.BOTANU_COLLECTOR_ENDPOINT).toBe('http://127.0.0.1:4319');
  expect(env.NODE_OPTIONS).toBe(`--max-old-space-size=256 --require ${mountDir}/autoinstrumentation.js`);
  expect(env.OTEL_PROPAGATORS).toBe('tracecontext,baggage');
  expect(env.OTEL_TRACES_SAMPLER).toBe('parentbased_traceidratio');
  expect(env.OTEL_TRACES_SAMPLER_ARG).toBe('1');
  expect(list.at(-1)!.name).toBe('OTEL_RESOURCE_ATTRIBUTES');
  const standard = await new OtlpReceiver().start(); // the collector's otlp receiver (4318)
  const botanu = await new OtlpReceiver().start(); // the collector's otlp/botanu receiver (4319)
  env.OTEL_EXPORTER_OTLP_ENDPOINT = standard.url;
  env.BOTANU_COLLECTOR_ENDPOINT = botanu.url;

  const app = startApp(script, { preload: 'none', cwd: appDir, env });
  try {
    const [, port, own] = await app.waitForOutput(/READY (\d+) own-agent=(\w+)/);
    expect(own).toBe('false');
    const sampledTrace = 'a1'.repeat(16);
    const unsampledTrace = 'b2'.repeat(16);
    const r1 = await get(`http://127.0.0.1:${port}/orders/42`, { traceparent: `00-${sampledTrace}-${'c3'.repeat(8)}-01`, baggage: 'botanu.run_id=run-k8s-1,botanu.workflow=checkout,botanu.customer_id=acme' });
    const r2 = await get(`http://127.0.0.1:${port}/orders/43`, { traceparent: `00-${unsampledTrace}-${'d4'.repeat(8)}-00`, baggage: 'botanu.run_id=run-k8s-2,botanu.workflow=checkout,botanu.customer_id=acme' });
    expect([r1.status, r2.status]).toEqual([200, 200]);
    expect(JSON.parse(r1.body).stock.baggage).toContain('botanu.run_id=run-k8s-1');

    // Each request: the /orders server span, its client span, the /stock server span, express spans.
    const complete = (s: DecodedSpan[], t: string) => rootSpansOf(s, t).filter((x) => x.kind === SPAN_KIND.SERVER).length >= 2 && rootSpansOf(s, t).some((x) => x.kind === SPAN_KIND.CLIENT);
    const all = await botanu.waitFor((s) => complete(s, sampledTrace) && complete(s, unsampledTrace), 20_000);
    await standard.waitFor((s) => complete(s, sampledTrace), 20_000);
    await new Promise((r) => setTimeout(r, 300));

    for (const [trace, run] of [[sampledTrace, 'run-k8s-1'], [unsampledTrace, 'run-k8s-2']]) {
      const spans = rootSpansOf(botanu.spans, trace);
      expect(spans.some((s) => s.scope.name === '@opentelemetry/instrumentation-express')).toBe(true);
      for (const s of spans) {
        expect({ name: s.name, run: s.attributes['botanu.run_id'], workflow: s.attributes['botanu.workflow'], customer: s.attributes['botanu.customer_id'] }).toEqual({ name: s.name, run, workflow: 'checkout', customer: 'acme' });
      }
    }
    const resource = all[0].resource;
    expect(resource).toMatchObject({
      'service.name': deployment,
      'service.version': '1.4.2',
      'service.instance.id': `shop.${deployment}-5d8f7c9b4-x2x7k.app`,
      'k8s.namespace.name': 'shop',
      'k8s.deployment.name': deployment,
      'k8s.replicaset.name': `${deployment}-5d8f7c9b4`,
      'k8s.pod.name': `${deployment}-5d8f7c9b4-x2x7k`,
      'k8s.node.name': 'node-a',
      'k8s.container.name': 'app',
    });
    // The standard endpoint keeps its sampled share only; botanu got both traces.
    expect(rootSpansOf(standard.spans, sampledTrace).length).toBe(rootSpansOf(botanu.spans, sampledTrace).length);
    expect(rootSpansOf(standard.spans, unsampledTrace)).toEqual([]);
    expect(app.stderr()).toMatch(/\[botanu\] agent \d+\.\d+\.\d+ on Node/);
    expect(app.stderr()).not.toMatch(/\[botanu\] (warn|error)/);
  } finally {
    app.kill();
    await app.exited;
    await standard.stop();
    await botanu.stop();
  }
});

test('an entry service with its own @botanu/agent (for botanuWorkflow) shares the Operator-injected agent', async () => {
  const botanu = await new OtlpReceiver().start();
  const env = expandLikeKubelet(operatorEnv(instrumentation, { ...POD, deployment: 'gateway', replicaSet: 'gateway-6c', podName: 'gateway-6c-q9' }, mountDir));
  env.OTEL_EXPORTER_OTLP_ENDPOINT = botanu.url;
  env.BOTANU_COLLECTOR_ENDPOINT = botanu.url;
  try {
    // Runs from the install dir, where the app has its own copy of @botanu/agent.
    const app = startApp('api/workflow-api.mjs', { preload: 'none', env });
    const res = await app.exited;
    expect(res.code).toBe(0);
    const out = JSON.parse(app.stdout().trim().split('\n').at(-1)!);
    expect(out.outerRunId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.cjsSeesRun).toBe(out.outerRunId);
    const spans = await botanu.waitFor((s) => s.some((x) => x.name === 'botanu.run/outer'), 20_000);
    const run = spans.find((x) => x.name === 'botanu.run/outer')!;
    expect(run.attributes['botanu.run_id']).toBe(out.outerRunId);
    expect(run.resource['k8s.deployment.name']).toBe('gateway');
    // One agent started (the Operator's); the app's copy only provided the API.
    expect(app.stderr().match(/\[botanu\] agent \d+\.\d+\.\d+ on Node/g)).toHaveLength(1);
  } finally {
    await botanu.stop();
  }
});

test('an image directory without the agent inside: the app still starts, with one error line and no agent', async () => {
  const broken = path.join(tmp, 'broken-mount');
  fs.mkdirSync(broken);
  fs.copyFileSync(path.join(mountDir, 'autoinstrumentation.js'), path.join(broken, 'autoinstrumentation.js'));
  const env = expandLikeKubelet(operatorEnv(instrumentation, { ...POD, deployment: 'orders', replicaSet: 'orders-1', podName: 'orders-1-a' }, broken));
  const app = startApp('orders.mjs', { preload: 'none', cwd: appDir, env });
  try {
    const [, port] = await app.waitForOutput(/READY (\d+)/);
    expect((await get(`http://127.0.0.1:${port}/orders/1`)).status).toBe(200);
    expect(app.stderr().match(/\[botanu\] error: autoinstrumentation could not load @botanu\/agent; the app runs without it/g)).toHaveLength(1);
    expect(app.stderr()).not.toMatch(/\[botanu\] agent \d/);
  } finally {
    app.kill();
    await app.exited;
  }
});
