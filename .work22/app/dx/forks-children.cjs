// An app that starts a worker thread and forks a child with an IPC channel (the
// way cluster, PM2 and job runners' sandboxes start processes); both inherit the
// preload from execArgv. Prints DONE when both have finished.
const { fork } = require('node:child_process');
const { Worker } = require('node:worker_threads');

if (process.argv[2] === 'child') {
  process.send('ready', () => process.exit(0));
} else {
  const worker = new Worker('require("node:http"); setTimeout(() => {}, 20);', { eval: true });
  worker.on('exit', () => {
    const child = fork(__filename, ['child']);
    child.on('message', () => {});
    child.on('exit', (code) => console.log(`DONE ${code}`));
  });
}
