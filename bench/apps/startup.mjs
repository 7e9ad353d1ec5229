// Startup benchmark app: loads the libraries a typical AI service loads, then
// exits. Peak RSS and CPU time (all threads) are printed at exit so every
// variant reports them the same way.
import { writeSync } from 'node:fs';
import express from 'express';
import pg from 'pg';
import Redis from 'ioredis';
import OpenAI from 'openai';

if (!express || !pg.Client || !Redis || !OpenAI) throw new Error('a library failed to load');
process.on('exit', () => {
  const u = process.resourceUsage();
  writeSync(1, `MAXRSS_KB ${u.maxRSS} CPU_US ${u.userCPUTime + u.systemCPUTime}\n`);
});
