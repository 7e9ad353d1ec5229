// Spans as fast as one thread makes them, for SPAN_SECONDS (default 4), yielding
// to the event loop between bursts so the exporter runs; the agent drops what its
// queue cannot hold. Prints the peak of the process's ArrayBuffer memory (the
// encoded batches live there) and of its RSS, sampled every 50 ms, in MB: over
// the whole run, with when it was reached, and after the first second (the
// steady flood, without what the process's start left for the collector).
import { trace } from '@opentelemetry/api';

const seconds = Number(process.env.SPAN_SECONDS ?? 4);
const tracer = trace.getTracer('flood');
const attrs = { 'http.request.method': 'GET', 'url.path': '/item/1', 'server.address': '127.0.0.1', 'server.port': 8080 };
const STEADY_AFTER_MS = 1000;
let peakBuffers = 0;
let peakAtMs = 0;
let steadyPeakBuffers = 0;
let peakRss = 0;
const sample = () => {
  const m = process.memoryUsage();
  const at = performance.now() - t0;
  if (m.arrayBuffers > peakBuffers) [peakBuffers, peakAtMs] = [m.arrayBuffers, at];
  if (at >= STEADY_AFTER_MS) steadyPeakBuffers = Math.max(steadyPeakBuffers, m.arrayBuffers);
  peakRss = Math.max(peakRss, m.rss);
};
const t0 = performance.now();
const sampler = setInterval(sample, 50);
await new Promise((resolve) => {
  const tick = () => {
    if (performance.now() - t0 >= seconds * 1000) return resolve();
    for (let i = 0; i < 500; i++) tracer.startSpan('GET /item/:id', { attributes: attrs }).end();
    setImmediate(tick);
  };
  tick();
});
clearInterval(sampler);
sample();
const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);
console.log(`PEAK_ARRAY_BUFFERS_MB ${mb(peakBuffers)} AT_MS ${peakAtMs.toFixed(0)} STEADY_PEAK_ARRAY_BUFFERS_MB ${mb(steadyPeakBuffers)} PEAK_RSS_MB ${mb(peakRss)}`);
