// A worker thread and two cluster workers each do an outgoing request and end;
// each has its own agent instance (the preload runs in every thread and process).
import cluster from 'node:cluster';
import http from 'node:http';
import { Worker } from 'node:worker_threads';

const leaf = http.createServer((req, res) => res.end('ok'));

if (cluster.isPrimary) {
  await new Promise((r) => leaf.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${leaf.address().port}`;
  await new Promise((resolve, reject) => {
    const w = new Worker(`await fetch(process.env.LEAF + '/from-worker-thread');`, { eval: true, env: { ...process.env, LEAF: url } });
    w.on('error', reject);
    w.on('exit', resolve);
  });
  const exits = [1, 2].map((n) => new Promise((resolve) => cluster.fork({ LEAF: url, N: String(n) }).on('exit', resolve)));
  await Promise.all(exits);
  leaf.close();
  console.log('DONE');
} else {
  await fetch(`${process.env.LEAF}/from-cluster-worker-${process.env.N}`);
  process.exit(0);
}
