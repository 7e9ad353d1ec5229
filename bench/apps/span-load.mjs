// Span pipeline load: creates spans through the OpenTelemetry API at a paced
// rate (SPAN_RATE per second; 0 = as fast as the thread can) for SPAN_SECONDS,
// yielding to the event loop every few ms so the exporter runs as it would in
// a real app. At exit (after the agent's own beforeExit flush) it prints what
// it created, the CPU it used and its memory samples.
import { writeSync } from 'node:fs';
import { trace } from '@opentelemetry/api';

const rate = Number(process.env.SPAN_RATE ?? 20000);
const seconds = Number(process.env.SPAN_SECONDS ?? 5);
const tracer = trace.getTracer('bench');
const attrs = { 'http.request.method': 'GET', 'url.path': '/work/1', 'server.address': '127.0.0.1', 'server.port': 8080 };

let created = 0;
const rss = [];
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const sampler = setInterval(() => rss.push(process.memoryUsage.rss()), 250);

function burst(n) {
  for (let i = 0; i < n; i++) tracer.startSpan('GET /work/:id', { attributes: attrs }).end();
  created += n;
}

await new Promise((resolve) => {
  const tick = () => {
    const elapsed = (performance.now() - t0) / 1000;
    if (elapsed >= seconds) return resolve();
    if (rate > 0) {
      // At most 10 ms worth per tick: after a stall (a busy machine) the loop
      // catches up over several ticks, as an app would, instead of creating
      // thousands of spans in one synchronous burst the exporter cannot see.
      const due = Math.min(Math.floor(rate * elapsed) - created, Math.ceil(rate / 100));
      if (due > 0) burst(due);
      setTimeout(tick, 5);
    } else {
      burst(500);
      setImmediate(tick);
    }
  };
  tick();
});
clearInterval(sampler);
const wallMs = performance.now() - t0;
// Live heap after a full collection, before the exit flush: what the agent
// holds (its queue included) once garbage is gone. Needs --expose-gc.
let liveHeap;
if (typeof globalThis.gc === 'function') {
  globalThis.gc();
  liveHeap = process.memoryUsage().heapUsed;
}

process.on('exit', () => {
  const c = process.cpuUsage(cpu0);
  const out = { created, wallMs, cpuMs: (c.user + c.system) / 1000, maxRssKb: process.resourceUsage().maxRSS, rss, liveHeap };
  writeSync(1, `RESULT ${JSON.stringify(out)}\n`);
});
