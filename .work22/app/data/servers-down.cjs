// Every client pointed at a port where nothing listens, inside a run: prints the
// error each one gives the app, so a test can compare with and without the agent.
const { botanuWorkflow } = require('@botanu/agent');
const PORT = Number(process.env.DOWN_PORT);

const attempts = {
  pg: async () => {
    const c = new (require('pg').Client)({ host: '127.0.0.1', port: PORT, user: 'postgres', database: 'test' });
    await c.connect();
  },
  mysql2: () => require('mysql2/promise').createConnection({ host: '127.0.0.1', port: PORT, user: 'root' }),
  ioredis: async () => {
    const r = new (require('ioredis'))({ host: '127.0.0.1', port: PORT, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    r.on('error', () => {});
    try {
      await r.connect();
    } finally {
      r.disconnect();
    }
  },
  redis: async () => {
    const c = require('redis').createClient({ socket: { host: '127.0.0.1', port: PORT, reconnectStrategy: false } });
    c.on('error', () => {});
    await c.connect();
  },
  amqplib: () => require('amqplib').connect(`amqp://guest:guest@127.0.0.1:${PORT}`),
  nats: () => require('nats').connect({ servers: `127.0.0.1:${PORT}`, reconnect: false }),
  mqtt: () => require('mqtt').connectAsync(`mqtt://127.0.0.1:${PORT}`, { protocolVersion: 5, reconnectPeriod: 0 }),
};

const run = botanuWorkflow({ name: 'servers-down', eventId: 'evt-down', customerId: 'cust-down' }, async () => {
  const seen = {};
  for (const [name, attempt] of Object.entries(attempts)) {
    try {
      await attempt();
      seen[name] = 'no error';
    } catch (err) {
      seen[name] = { name: err?.name, code: err?.code, message: String(err?.message).replaceAll(String(PORT), 'PORT') };
    }
  }
  return seen;
});

run().then((seen) => console.log(JSON.stringify(seen)));
