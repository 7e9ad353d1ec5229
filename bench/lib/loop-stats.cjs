// Preloaded (--require) into BOTH soak apps, so their pauses are measured the
// same way: event-loop delay and GC pauses after the warm-up, written once a
// second as JSON to $LOOP_STATS_FILE. No signal or exit handler (that would
// change how the app exits); the last write before the process ends stands.
'use strict';
const { monitorEventLoopDelay, PerformanceObserver } = require('node:perf_hooks');
const fs = require('node:fs');

const file = process.env.LOOP_STATS_FILE;
if (file) {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const gc = { count: 0, totalMs: 0, maxMs: 0 };
  let cpu0 = process.cpuUsage();
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.count++;
      gc.totalMs += e.duration;
      gc.maxMs = Math.max(gc.maxMs, e.duration);
    }
  }).observe({ entryTypes: ['gc'] });
  setTimeout(() => {
    delay.enable();
    cpu0 = process.cpuUsage();
    setInterval(() => {
      const cpu = process.cpuUsage(cpu0);
      const ms = (ns) => Math.round(ns / 1e4) / 100;
      const stats = { loopDelayP99Ms: ms(delay.percentile(99)), loopDelayMaxMs: ms(delay.max), gcCount: gc.count, gcTotalMs: Math.round(gc.totalMs), gcMaxMs: Math.round(gc.maxMs * 10) / 10, cpuMs: Math.round((cpu.user + cpu.system) / 1000) };
      try {
        fs.writeFileSync(file, JSON.stringify(stats));
      } catch {
        /* the bench reads what it can */
      }
    }, 1000).unref();
    gc.count = gc.totalMs = gc.maxMs = 0;
  }, Number(process.env.LOOP_STATS_AFTER_MS || 0)).unref();
}
