// The load test's entry service (ESM express): the only one with a code change.
// GET /run/<who> runs the work inside botanuWorkflow (customer = who); GET
// /plain/<who> does the same work outside any run. Shared resources, as an app
// has them: a pg pool of 2, ioredis with auto-pipelining, fetch through a
// global dispatcher of 2 connections, axios on a keep-alive agent of 2 sockets,
// one RabbitMQ channel, an EventEmitter singleton. Every statement and URL
// names <who>, so the test knows whose work each span is.
import * as http from 'node:http';
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import express from 'express';
import axios from 'axios';
import pg from 'pg';
import Redis from 'ioredis';
import amqp from 'amqplib';
import { botanuWorkflow, getRunId } from '@botanu/agent';

const require = createRequire(import.meta.url);
const { Agent, setGlobalDispatcher } = require(process.env.UNDICI ?? 'undici');
setGlobalDispatcher(new Agent({ connections: 2 }));
const MIDDLE = process.env.MIDDLE_URL;
const QUEUE = process.env.QUEUE;

const pool = new pg.Pool({ host: '127.0.0.1', user: 'postgres', database: 'test', max: 2 });
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { enableAutoPipelining: true });
const keepAlive = axios.create({ httpAgent: new http.Agent({ keepAlive: true, maxSockets: 2 }) });
const conn = await amqp.connect('amqp://guest:guest@127.0.0.1:5672');
const channel = await conn.createChannel();
await channel.assertQueue(QUEUE, { autoDelete: true });
const events = new EventEmitter();
let heard = 0;
events.on('done', () => heard++);

async function work(who) {
  await new Promise((r) => setTimeout(r, Math.random() * 3));
  const [db, cached] = await Promise.all([
    pool.query(`SELECT $1::text AS who /* who=${who} */`, [who]),
    redis.get(`botanu-load:${who}`),
  ]);
  const [viaFetch, viaAxios] = await Promise.all([
    fetch(`${MIDDLE}/fetch/${who}`).then((r) => r.json()),
    keepAlive.get(`${MIDDLE}/axios/${who}`).then((r) => r.data),
  ]);
  channel.sendToQueue(QUEUE, Buffer.from(JSON.stringify({ who })));
  events.emit('done', who);
  return { who, runId: getRunId() ?? null, db: db.rows[0].who, cached, downstream: [viaFetch.who, viaAxios.who] };
}

const inRun = botanuWorkflow({ name: 'load', eventId: (who) => who, customerId: (who) => who }, work);

const app = express();
app.get('/run/:who', async (req, res) => res.json(await inRun(req.params.who)));
app.get('/plain/:who', async (req, res) => res.json(await work(req.params.who)));
app.get('/heard', (req, res) => res.json({ heard }));
const server = app.listen(0, '127.0.0.1', () => console.log(`READY ${server.address().port}`));
