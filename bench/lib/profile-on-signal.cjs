// Preloaded by bench/profile.mjs: V8's CPU profiler (or, with BENCH_PROFILE_HEAP=1,
// its sampling heap profiler, counting also what the next GC collects: allocation,
// not retention) starts on SIGUSR2 (after the warm-up, so startup and JIT warm-up
// are not in the profile) and the profile is written to BENCH_PROFILE_OUT when the
// process exits.
const inspector = require('node:inspector');
const fs = require('node:fs');

const heap = process.env.BENCH_PROFILE_HEAP === '1';
const session = new inspector.Session();
session.connect();
if (heap) session.post('HeapProfiler.enable');
else {
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: Number(process.env.BENCH_PROFILE_INTERVAL_US || 250) });
}
let started = false;
process.on('SIGUSR2', () => {
  if (started) return;
  started = true;
  if (heap) {
    session.post('HeapProfiler.startSampling', {
      samplingInterval: 1024,
      includeObjectsCollectedByMajorGC: true,
      // BENCH_PROFILE_SURVIVORS=1: only what outlives the young generation (what gets promoted).
      includeObjectsCollectedByMinorGC: process.env.BENCH_PROFILE_SURVIVORS !== '1',
    });
  } else session.post('Profiler.start');
});
process.on('exit', () => {
  if (!started) return;
  // An in-process session answers synchronously, so the profile is written before the process ends.
  session.post(heap ? 'HeapProfiler.stopSampling' : 'Profiler.stop', (err, result) => {
    if (!err) fs.writeFileSync(process.env.BENCH_PROFILE_OUT, JSON.stringify(result.profile));
  });
});
