#!/usr/bin/env node
// `npx botanu-agent doctor | dev`. The command line itself is bundled in dist/cli.cjs.
// The app's NODE_OPTIONS preloads (dd-trace, another SDK, ours) must not run inside
// the CLI, where they would patch the very requests doctor makes: when there are
// any, run the CLI again without them, and hand doctor the original to inspect.
'use strict';
const APP_NODE_OPTIONS = 'BOTANU_CLI_APP_NODE_OPTIONS';

if (process.env.NODE_OPTIONS && process.env[APP_NODE_OPTIONS] === undefined) {
  const { spawn } = require('node:child_process');
  const env = { ...process.env, [APP_NODE_OPTIONS]: process.env.NODE_OPTIONS };
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, [__filename, ...process.argv.slice(2)], { stdio: 'inherit', env });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  require('../dist/cli.cjs');
}
