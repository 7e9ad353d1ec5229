// Builds the directory the OpenTelemetry Operator's init container copies
// (`cp -r /autoinstrumentation/. /otel-auto-instrumentation-nodejs`), without Docker:
//   build/autoinstrumentation/
//     autoinstrumentation.js   thin CJS entry the Operator preloads with --require
//     package.json
//     node_modules/@botanu/agent (+ its runtime deps, nothing else)
// The agent is the packed tarball installed with --omit=dev, exactly as a user installs it.
// deploy/image/Dockerfile runs this same script, so the image and this directory are the same bytes.
//
// Usage: node scripts/build-autoinstrumentation.mjs [--out DIR] [--tarball FILE]
//   --tarball reuses an already packed @botanu/agent (the tests pass the one they installed).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { npm } from './npm.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function arg(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

// The Operator preloads this file with `--require`, from the copy in the pod's emptyDir.
// A plain require resolves from this file's own directory first, so the agent loaded is
// always the one shipped here, never a copy the app may have in its own node_modules.
const ENTRY = `'use strict';
// Preloaded by the OpenTelemetry Operator:
//   NODE_OPTIONS="<existing> --require /otel-auto-instrumentation-nodejs/autoinstrumentation.js"
// @botanu/agent/register switches on both the CommonJS and the ESM hooks, so ESM apps are
// instrumented through --require too. Nothing here may throw into the app.
try {
  require('@botanu/agent/register');
} catch (err) {
  try {
    process.stderr.write('[botanu] error: autoinstrumentation could not load @botanu/agent; the app runs without it (' + ((err && err.message) || err) + ')\\n');
  } catch (_) {
    /* stderr closed */
  }
}
`;

/** Readable (and directories traversable) by any uid: the init container and the app may run as anyone. */
function makeWorldReadable(dir) {
  fs.chmodSync(dir, 0o755);
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) makeWorldReadable(p);
    else if (e.isFile()) fs.chmodSync(p, (fs.statSync(p).mode & 0o111) !== 0 ? 0o755 : 0o644);
  }
}

function countFiles(dir) {
  let files = 0;
  let bytes = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      const c = countFiles(p);
      files += c.files;
      bytes += c.bytes;
    } else {
      files++;
      bytes += fs.statSync(p).size;
    }
  }
  return { files, bytes };
}

const out = path.resolve(arg('--out') ?? path.join(ROOT, 'build', 'autoinstrumentation'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'botanu-autoinstrumentation-'));
try {
  let tarball = arg('--tarball') && path.resolve(arg('--tarball'));
  if (!tarball) {
    const packed = npm(['pack', '--pack-destination', tmp, '--json'], ROOT);
    tarball = path.join(tmp, JSON.parse(packed.slice(packed.indexOf('[')))[0].filename);
  }
  const install = path.join(tmp, 'install');
  fs.mkdirSync(install);
  fs.writeFileSync(path.join(install, 'package.json'), JSON.stringify({ private: true, dependencies: { '@botanu/agent': `file:${tarball}` } }, null, 2));
  // --ignore-scripts: nothing in the runtime closure needs an install script, and the image must not run any.
  npm(['install', '--omit=dev', '--no-package-lock', '--ignore-scripts'], install);
  const agentPkg = JSON.parse(fs.readFileSync(path.join(install, 'node_modules', '@botanu', 'agent', 'package.json'), 'utf8'));

  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  fs.cpSync(path.join(install, 'node_modules'), path.join(out, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  // Nothing runs the package's CLI from here, and .bin's links are the only symlinks npm makes.
  for (const f of ['.bin', '.package-lock.json']) fs.rmSync(path.join(out, 'node_modules', f), { recursive: true, force: true });
  fs.writeFileSync(
    path.join(out, 'package.json'),
    JSON.stringify({ name: 'botanu-autoinstrumentation', version: agentPkg.version, private: true, description: 'The directory the OpenTelemetry Operator copies into Node.js pods', dependencies: { '@botanu/agent': agentPkg.version } }, null, 2) + '\n',
  );
  fs.writeFileSync(path.join(out, 'autoinstrumentation.js'), ENTRY);
  makeWorldReadable(out);
  const { files, bytes } = countFiles(out);
  process.stdout.write(`built ${path.relative(process.cwd(), out) || out}: @botanu/agent ${agentPkg.version}, ${files} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB\n`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
