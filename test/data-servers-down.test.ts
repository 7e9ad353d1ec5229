// A database, cache or broker that is down: the app gets exactly the error it
// would get without the agent, and the agent prints nothing about it.
import * as net from 'node:net';
import { runToEnd } from './helpers/app';
import { OtlpReceiver } from './helpers/receiver';

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await new OtlpReceiver().start();
});
afterEach(() => receiver.stop());

/** A port that was free a moment ago: connecting to it is refused. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

test('pg, mysql2, ioredis, redis, amqplib, nats and mqtt see the same refusal with and without the agent', async () => {
  const DOWN_PORT = String(await closedPort());
  const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, DOWN_PORT };
  const [plain, agent] = await Promise.all([runToEnd('data/servers-down.cjs', { preload: 'none', env }), runToEnd('data/servers-down.cjs', { preload: 'require', env })]);
  expect(plain.code).toBe(0);
  const seen = JSON.parse(plain.stdout);
  for (const name of ['pg', 'mysql2', 'ioredis', 'redis', 'amqplib', 'nats', 'mqtt']) expect(seen[name]).toEqual(expect.objectContaining({ message: expect.any(String) }));
  expect(agent.stdout).toBe(plain.stdout);
  expect(agent.code).toBe(0);
  // Only the agent's one startup line; no warning or error.
  expect(agent.stderr.split('\n').filter((l) => l && !/^\[botanu\] agent \S+ on Node /.test(l))).toEqual([]);
  // The failed calls are still recorded, as errors, in the run.
  const spans = await receiver.waitFor((s) => s.some((x) => x.name === 'botanu.run/servers-down'));
  expect(spans.filter((s) => s.status.code === 2 && s.attributes['botanu.workflow'] === 'servers-down').length).toBeGreaterThanOrEqual(1);
});

test('a NATS handler that rejects ends the process exactly as it does without the agent', async () => {
  const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, BOTANU_LOG_LEVEL: 'none' };
  const [plain, agent] = await Promise.all([runToEnd('data/nats-rejecting-handler.cjs', { preload: 'none', env }), runToEnd('data/nats-rejecting-handler.cjs', { preload: 'require', env })]);
  expect(plain.code).toBe(1);
  expect(plain.stdout).toBe('');
  expect({ code: agent.code, stdout: agent.stdout }).toEqual({ code: plain.code, stdout: plain.stdout });
  expect(agent.stderr).toContain('Error: handler failed');
});
