// Startup benchmark app: loads the libraries a typical AI service loads, then
// exits. Peak RSS is printed at exit so every variant reports it the same way.
import { writeSync } from 'node:fs';
import express from 'express';
import pg from 'pg';
import Redis from 'ioredis';
import OpenAI from 'openai';

if (!express || !pg.Client || !Redis || !OpenAI) throw new Error('a library failed to load');
process.on('exit', () => writeSync(1, `MAXRSS_KB ${process.resourceUsage().maxRSS}\n`));
