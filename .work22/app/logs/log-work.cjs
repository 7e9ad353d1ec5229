// What both loggers fixtures do, given pino, winston and bunyan as the fixture
// loaded them (require or import): one record from each outside any run, then
// one from each inside a run. Every record is one JSON line on stdout.
async function main({ pino, winston, bunyan }, botanuWorkflow) {
  const p = pino({ base: undefined });
  const w = winston.createLogger({ format: winston.format.json(), transports: [new winston.transports.Console()] });
  const b = bunyan.createLogger({ name: 'bunyan-app', stream: process.stdout });
  const logAll = (msg) => {
    p.info({ lib: 'pino' }, msg);
    w.info(msg, { lib: 'winston' });
    b.info({ lib: 'bunyan' }, msg);
  };
  logAll('outside');
  const run = botanuWorkflow({ name: 'log-run', eventId: 'evt-log-1', customerId: 'cust-log' }, async () => {
    await new Promise((r) => setTimeout(r, 5));
    logAll('inside');
  });
  await run();
  console.log('DONE');
}

module.exports = { main };
