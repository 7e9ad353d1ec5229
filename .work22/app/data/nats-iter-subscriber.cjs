// A NATS subscriber reading with `for await` (no callback); no tracing code.
// Exits after two messages.
const { connect } = require('nats');

async function main() {
  const nc = await connect({ servers: '127.0.0.1:4222' });
  const sub = nc.subscribe(process.env.QUEUE, { max: 2 });
  await nc.flush();
  console.log('READY');
  for await (const msg of sub) msg.json();
  await nc.drain();
  console.log('HANDLED 2');
}
main().catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
