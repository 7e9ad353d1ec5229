// Micro-benchmark of the agent's per-span path (issue 14): span start,
// attributes, end, the span processors (enricher, redactor, export processor
// encoding each span as it ends) and the export to a local sink, under the
// real agent loaded with --import, spans made through the OpenTelemetry API.
// Each "request" is a SERVER span with 12 HTTP attributes started in a context
// carrying botanu baggage (as an incoming request with a run does), one
// attribute and the status set after start, and a child CLIENT span with 10
// attributes; both end. Paced (REQUESTS_PER_TICK per 5 ms tick, far below what
// the exporter drains) so every span is encoded and sent, none dropped.
//
// Reports CPU µs per span (user + system, process.cpuUsage): inside the bursts
// (start + attributes + end + processors + encoding) and over the whole run
// (adds export, timers and GC), each minus the same loop with no agent (the
// API's no-op spans), medians of alternating rounds.
//
//   npm run build && node bench/span-path.mjs [--agent <dir with register.mjs>] [--rounds 5] [--seconds 4] [--prof <dir>]
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startServer } from './lib/proc.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};

if (process.env.SPAN_PATH_CHILD) {
  await child();
} else {
  await driver();
}

async function child() {
  const { trace, context, propagation, SpanKind, SpanStatusCode } = await import('@opentelemetry/api');
  const seconds = Number(process.env.SPAN_PATH_SECONDS);
  const perTick = Number(process.env.SPAN_PATH_PER_TICK);
  const tracer = trace.getTracer('@opentelemetry/instrumentation-http', '0.301.1');
  const clientTracer = trace.getTracer('@botanu/undici-client', '0.1.0');
  // The run context as an incoming request carries it: extracted by the agent's propagators.
  const headers = { baggage: 'botanu.run_id=019a24a1-98c6-7003-9a4f-794d6ee739f7,botanu.workflow=support-triage,botanu.customer_id=cust-42,botanu.environment=production' };
  const incoming = propagation.extract(context.active(), headers);
  if (process.env.SPAN_PATH_AGENT && !propagation.getBaggage(incoming)) throw new Error('no baggage extracted: is the agent loaded?');
  let n = 0;
  function request() {
    const i = n++;
    const server = tracer.startSpan(
      'GET /tickets/:id',
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': 'GET',
          'url.scheme': 'http',
          'url.path': `/tickets/T-${i & 1023}`,
          'server.address': 'entry.internal',
          'server.port': 8080,
          'network.peer.address': '10.0.3.17',
          'network.peer.port': 53122,
          'network.protocol.version': '1.1',
          'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36',
          'client.address': '10.0.3.17',
          'http.route': '/tickets/:id',
          'network.transport': 'tcp',
        },
      },
      incoming,
    );
    const inServer = trace.setSpan(incoming, server);
    const client = clientTracer.startSpan(
      'GET',
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'http.request.method': 'GET',
          'url.full': `http://downstream.internal:9090/work/${i & 1023}`,
          'url.path': `/work/${i & 1023}`,
          'url.scheme': 'http',
          'server.address': 'downstream.internal',
          'server.port': 9090,
          'network.peer.address': '10.0.4.2',
          'network.peer.port': 9090,
          'user_agent.original': 'node',
          'http.response.status_code': 200,
        },
      },
      inServer,
    );
    client.end();
    server.setAttribute('http.response.status_code', 200);
    server.setStatus({ code: SpanStatusCode.UNSET });
    server.end();
  }
  // Warm-up (JIT), not measured.
  for (let i = 0; i < 900; i++) request(); // 1800 spans: within the 2048-span queue
  await new Promise((r) => setTimeout(r, 300));
  let burstUs = 0;
  let made = 0;
  const total0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((resolve) => {
    const tick = () => {
      if (performance.now() - t0 >= seconds * 1000) return resolve();
      const c0 = process.cpuUsage();
      for (let i = 0; i < perTick; i++) request();
      const c = process.cpuUsage(c0);
      burstUs += c.user + c.system;
      made += perTick;
      setTimeout(tick, 5);
    };
    tick();
  });
  // Let the last batches go out before reading the whole run's CPU.
  await new Promise((r) => setTimeout(r, 1200));
  const t = process.cpuUsage(total0);
  const idleMs = 1200;
  process.stdout.write(`RESULT ${JSON.stringify({ spans: made * 2, burstUs, totalUs: t.user + t.system, idleMs })}\n`);
}

async function driver() {
  const agent = path.resolve(arg('agent', ROOT));
  const rounds = Number(arg('rounds', 5));
  const seconds = Number(arg('seconds', 4));
  const perTick = Number(arg('per-tick', 40)); // 2 × 40 spans / 5 ms ≈ 12 000 spans/s offered
  const prof = arg('prof', '');
  const node = process.execPath;

  const sink = startServer(node, [path.join(HERE, 'services/sink.mjs')], { env: process.env, cwd: HERE });
  const port = await sink.ready;
  const sinkUrl = `http://127.0.0.1:${port}`;

  const run = async (withAgent, round) => {
    await fetch(`${sinkUrl}/reset`, { method: 'POST' }).then((r) => r.arrayBuffer());
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, SPAN_PATH_CHILD: '1', SPAN_PATH_SECONDS: String(seconds), SPAN_PATH_PER_TICK: String(perTick) };
    const flags = [];
    if (withAgent) {
      flags.push('--import', pathToFileURL(path.join(agent, 'register.mjs')).href);
      Object.assign(env, { SPAN_PATH_AGENT: '1', OTEL_SERVICE_NAME: 'bench', OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', BOTANU_LOG_LEVEL: 'warn' });
      if (prof && round === 1) flags.push('--cpu-prof', `--cpu-prof-dir=${path.resolve(prof)}`);
    }
    const p = spawn(node, [...flags, fileURLToPath(import.meta.url)], { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    const code = await new Promise((r) => p.on('exit', r));
    const m = /RESULT (.*)/.exec(out);
    if (code !== 0 || !m) throw new Error(`child failed (${code}): ${err}`);
    const r = JSON.parse(m[1]);
    const { spans } = await fetch(`${sinkUrl}/count`).then((x) => x.json());
    r.exported = spans;
    return r;
  };

  const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  const burst = [];
  const total = [];
  let lastExported = '';
  for (let round = 1; round <= rounds; round++) {
    const a = await run(true, round);
    const b = await run(false, round);
    burst.push(a.burstUs / a.spans - b.burstUs / b.spans);
    total.push(a.totalUs / a.spans - b.totalUs / b.spans);
    lastExported = `${a.exported}/${a.spans + 1800} exported`;
    console.error(`round ${round}: agent burst ${(a.burstUs / a.spans).toFixed(2)} total ${(a.totalUs / a.spans).toFixed(2)} | no agent burst ${(b.burstUs / b.spans).toFixed(2)} total ${(b.totalUs / b.spans).toFixed(2)} µs/span; ${lastExported}`);
  }
  await sink.stop();
  console.log(`node ${process.versions.node}, ${rounds} rounds × ${seconds} s, ${perTick} requests (2 spans each) per 5 ms tick; ${lastExported} in the last round`);
  console.log(`CPU µs per span added by the agent (median): start→end incl. processors and encoding ${median(burst).toFixed(2)}; whole run incl. export and GC ${median(total).toFixed(2)}`);
}
