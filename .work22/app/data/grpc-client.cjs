// Calls the gRPC server twice: inside a run, and outside any run.
const grpc = require('@grpc/grpc-js');
const { botanuWorkflow } = require('@botanu/agent');
const { DocsService } = require('./grpc-service.cjs');

const Docs = grpc.makeGenericClientConstructor(DocsService, 'Docs');
const client = new Docs(process.env.GRPC_ADDRESS, grpc.credentials.createInsecure());
const summarize = (req) => new Promise((resolve, reject) => client.summarize(req, (err, res) => (err ? reject(err) : resolve(res))));

async function main() {
  const inRun = botanuWorkflow({ name: 'rpc-hop', eventId: 'evt-rpc-1', customerId: 'cust-rpc' }, () => summarize({ id: 'with-run' }));
  await inRun();
  await summarize({ id: 'no-run' });
  client.close();
  console.log('DONE');
}
main().catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
