// Startup benchmark app: an ES-module app that imports express, then exits:
// the smallest real service shape. Peak RSS and CPU time (all threads) are
// printed at exit, as in startup.mjs.
import { writeSync } from 'node:fs';
import express from 'express';

if (typeof express !== 'function') throw new Error('express failed to load');
process.on('exit', () => {
  const u = process.resourceUsage();
  writeSync(1, `MAXRSS_KB ${u.maxRSS} CPU_US ${u.userCPUTime + u.systemCPUTime}\n`);
});
