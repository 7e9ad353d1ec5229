// Preloaded by bench/app-instructions.mjs (node --expose-gc): a full GC on
// SIGUSR2, then "GC DONE" on stdout, so the counted window starts from the same heap.
process.on('SIGUSR2', () => {
  globalThis.gc();
  globalThis.gc();
  process.stdout.write('GC DONE\n');
});
