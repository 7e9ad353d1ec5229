// Instructions per request on the agent's span path, counted by valgrind's
// callgrind: the four spans of one bench-app request (http server 12
// attributes, express 3, undici 13, ioredis 5, as in apps/express-app.mjs),
// made through the OpenTelemetry API under the packed agent (--import), ended,
// run through the processors, encoded and exported to a local sink. The
// counters are zeroed after a warm-up of the same loop and dumped after N
// requests: a count, not a time, the same within 0.1% run to run on a shared VM
// where CPU time moves ±20%, so a change of 2% shows. V8 runs --single-threaded
// (its compilers and GC in line, at the same points every run). As in the bench
// app, ioredis is loaded (String.prototype a dictionary) and some attribute
// values are made per request (a literal-only workload hid what string
// method loads cost in the app: agent/string-methods.ts).
//
//   node bench/span-instructions.mjs <work dir from bench/prepare.mjs> [--requests 10000] [--top 15] [--variant botanu-baseline]
//
// --top N adds the functions with the most instructions of their own (JIT code
// named from V8's --perf-basic-prof map). Slow: valgrind runs node ~50× slower.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

if (process.env.SPAN_INSTRUCTIONS_CHILD) await child();
else await driver();

async function child() {
  const { trace, context, SpanKind } = await import('@opentelemetry/api');
  // As in the bench app: ioredis loaded, which leaves String.prototype a
  // dictionary (V8 then cannot fold a string method's load where receivers vary).
  await import('ioredis');
  // Strings as a server has them: made per request (flat, sliced, concatenated), not
  // only literals, so the encoder's string sites see the representations they see there.
  const fresh = (s) => Buffer.from(s).toString('latin1');
  const agentHeader = 'autocannon/8.0.0 (request line and headers as parsed)';
  const httpT = trace.getTracer('@opentelemetry/instrumentation-http', '0.301.1');
  const expressT = trace.getTracer('@opentelemetry/instrumentation-express', '0.72.0');
  const undiciT = trace.getTracer('@opentelemetry/instrumentation-undici', '0.30.0');
  const redisT = trace.getTracer('@opentelemetry/instrumentation-ioredis', '0.60.0');
  let n = 0;
  function request() {
    const i = n++;
    const server = httpT.startSpan('GET', {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': 'GET', 'url.scheme': 'http', 'url.path': `/work/${i & 7}`, 'server.address': fresh('127.0.0.1'), 'server.port': 40123, 'network.peer.address': fresh('127.0.0.1'), 'network.peer.port': 50000 + (i & 1023), 'network.protocol.version': '1.1', 'user_agent.original': agentHeader.slice(0, 16), 'client.address': '127.0.0.1' },
    });
    const serverCtx = trace.setSpan(context.active(), server);
    const handler = expressT.startSpan('request handler - /work/:id', { attributes: { 'http.route': '/work/:id', 'express.name': '/work/:id', 'express.type': 'request_handler' } }, serverCtx);
    const handlerCtx = trace.setSpan(serverCtx, handler);
    const fetchSpan = undiciT.startSpan('GET', { kind: SpanKind.CLIENT, attributes: { 'http.request.method': 'GET', 'http.request.method_original': 'GET', 'url.full': 'http://127.0.0.1:41000/', 'url.path': '/', 'url.query': '', 'url.scheme': 'http', 'server.address': '127.0.0.1', 'server.port': 41000, 'user_agent.original': 'node' } }, handlerCtx);
    const redis = redisT.startSpan('incr', { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'redis', 'db.query.text': `incr bench:${i & 7}`, 'server.address': '127.0.0.1', 'server.port': 6379, 'db.operation.name': 'incr' } }, handlerCtx);
    fetchSpan.setAttribute('network.peer.address', '127.0.0.1');
    fetchSpan.setAttribute('network.peer.port', 41000);
    fetchSpan.setAttribute('network.protocol.version', '1.1');
    fetchSpan.setAttribute('http.response.status_code', 200);
    redis.end();
    fetchSpan.end();
    handler.end();
    server.setAttribute('http.response.status_code', 200);
    server.setAttribute('http.route', '/work/:id');
    server.updateName('GET /work/:id');
    server.end();
  }
  // In turns of 64 requests, so the exporter's timers and sends run as in a server.
  const run = async (count) => {
    for (let k = 0; k < count; k++) {
      request();
      if ((k & 63) === 63) await new Promise((r) => setImmediate(r));
    }
  };
  const count = Number(process.env.SPAN_INSTRUCTIONS_REQUESTS);
  await run(count);
  execFileSync('callgrind_control', ['--zero', String(process.pid)], { stdio: 'ignore' });
  await run(count);
  execFileSync('callgrind_control', ['--dump', String(process.pid)], { stdio: 'ignore' });
  process.exit(0);
}

async function driver() {
  // Here, not at the top: the child runs a copy of this file from the variant's directory, without bench/lib.
  const { startServer } = await import('./lib/proc.mjs');
  const { baseEnv } = await import('./lib/variants.mjs');
  const { readCallgrind } = await import('./lib/callgrind.mjs');
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args.splice(i, 2)[1] : dflt;
  };
  const requests = Number(opt('requests', 10000));
  const top = Number(opt('top', 0));
  // botanu-baseline: the build BENCH_BASELINE named to bench/prepare.mjs, for before and after.
  const variant = opt('variant', 'botanu');
  if (!args[0]) throw new Error('usage: node bench/span-instructions.mjs <work dir printed by bench/prepare.mjs> [--requests N] [--top N]');
  const work = path.resolve(args[0]);
  const variantDir = path.join(work, 'variants', variant);
  const node = process.execPath;
  const sink = startServer(node, [path.join(HERE, 'services/sink.mjs')], { env: baseEnv(), cwd: HERE });
  const port = await sink.ready;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botanu-span-instructions-'));
  try {
    // The child runs from the variant directory: @opentelemetry/api and the agent resolve as the app's would.
    const script = path.join(variantDir, 'span-instructions-child.mjs');
    fs.copyFileSync(fileURLToPath(import.meta.url), script);
    // Nothing of the caller's OTEL_*, BOTANU_* or NODE_OPTIONS reaches the child (lib/variants.mjs).
    const env = { ...baseEnv(), SPAN_INSTRUCTIONS_CHILD: '1', SPAN_INSTRUCTIONS_REQUESTS: String(requests), OTEL_SERVICE_NAME: 'bench', OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', BOTANU_LOG_LEVEL: 'warn' };
    const child = spawn('valgrind', ['--tool=callgrind', `--callgrind-out-file=${path.join(dir, 'cg.%p')}`, '--dump-instr=no', '--compress-strings=no', node, '--single-threaded', ...(top > 0 ? ['--perf-basic-prof'] : []), '--import', '@botanu/agent/register', script], { cwd: variantDir, env, stdio: ['ignore', 'inherit', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    fs.rmSync(script, { force: true });
    const dump = fs.readdirSync(dir).find((f) => /^cg\.\d+\.1$/.test(f));
    if (code !== 0 || !dump) throw new Error(`the child failed (exit ${code}):\n${err.slice(-2000)}`);
    const pid = dump.split('.')[1];
    const text = fs.readFileSync(path.join(dir, dump), 'utf8');
    const total = Number((/^(?:summary|totals):\s+(\d+)/m.exec(text) ?? [])[1]);
    console.log(`${variant}: span path (4 spans per request, exported), ${requests} requests after as many warm-up, Node ${process.versions.node}: ${(total / requests / 1000).toFixed(1)} k instructions per request`);
    if (top > 0) {
      const mapFile = path.join(os.tmpdir(), `perf-${pid}.map`);
      const rows = [...readCallgrind(path.join(dir, dump), mapFile).self].sort((a, b) => b[1] - a[1]).slice(0, top);
      for (const [name, n] of rows) console.log(`${(n / requests).toFixed(0).padStart(8)}  ${name.replace(/ \S*node_modules\//, ' ').slice(0, 110)}`);
      fs.rmSync(mapFile, { force: true });
    }
  } finally {
    await sink.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
