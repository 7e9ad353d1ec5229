// A NATS callback that rejects: without any agent Node reports the rejection as
// unhandled and the process dies with it. The agent must not change that.
const { connect } = require('nats');

async function main() {
  const nc = await connect({ servers: '127.0.0.1:4222' });
  const subject = `botanu-reject-${process.pid}`;
  nc.subscribe(subject, {
    callback: async () => {
      throw new Error('handler failed');
    },
  });
  await nc.flush();
  nc.publish(subject, 'x');
  await nc.flush();
  setTimeout(() => {
    console.log('SURVIVED');
    nc.close();
  }, 500);
}
main();
