// Startup benchmark app, CommonJS: require()s express, pg, ioredis and openai (as
// startup.mjs imports them), then exits: the shape of most services preloaded
// through NODE_OPTIONS. Peak RSS and CPU time (all threads) are printed at exit.
const { writeSync } = require('node:fs');
const express = require('express');
const pg = require('pg');
const Redis = require('ioredis');
const OpenAI = require('openai');

if (!express || !pg.Client || !Redis || !OpenAI) throw new Error('a library failed to load');
process.on('exit', () => {
  const u = process.resourceUsage();
  writeSync(1, `MAXRSS_KB ${u.maxRSS} CPU_US ${u.userCPUTime + u.systemCPUTime}\n`);
});
