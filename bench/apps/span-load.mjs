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
      const due = Math.floor(rate * elapsed) - created;
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

process.on('exit', () => {
  const c = process.cpuUsage(cpu0);
  const out = { created, wallMs, cpuMs: (c.user + c.system) / 1000, maxRssKb: process.resourceUsage().maxRSS, rss, heapUsed: process.memoryUsage().heapUsed };
  writeSync(1, `RESULT ${JSON.stringify(out)}\n`);
});
