// Packs the package exactly as it would be published and installs the tarball,
// with the fixture apps' real libraries, into .work/app. Tests run the fixtures
// from there, so they exercise the package as a user installs it, not the source tree.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { APP_DIR, FIXTURES, ROOT } from './helpers/paths';

function npm(args: string[], cwd: string): string {
  // npm itself runs on the pinned node (first on PATH), so engines resolve for 22+.
  const npmCli = process.env.npm_execpath && process.env.npm_execpath.endsWith('.js') ? process.env.npm_execpath : findNpmCli();
  return execFileSync(process.execPath, [npmCli, ...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

function findNpmCli(): string {
  const candidates = [
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
    '/usr/lib/node_modules/npm/bin/npm-cli.js',
    '/usr/local/lib/node_modules/npm/bin/npm-cli.js',
  ];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error('npm-cli.js not found');
  return found;
}

function hashTree(files: string[]): string {
  const h = createHash('sha256');
  for (const f of files) if (fs.existsSync(f)) h.update(f).update(fs.readFileSync(f));
  return h.digest('hex');
}

export default async function globalSetup(): Promise<void> {
  const work = path.dirname(APP_DIR);
  fs.mkdirSync(APP_DIR, { recursive: true });
  // Build and pack (prepack builds dist/).
  const out = npm(['pack', '--pack-destination', work, '--json'], ROOT);
  const tarball = path.join(work, JSON.parse(out)[0].filename);
  const stamp = path.join(APP_DIR, '.stamp');
  const want = hashTree([tarball, path.join(FIXTURES, 'package.json')]);
  const have = fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8') : '';
  if (want !== have) {
    const fixturePkg = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'package.json'), 'utf8'));
    fixturePkg.dependencies['@botanu/agent'] = `file:${tarball}`;
    fs.writeFileSync(path.join(APP_DIR, 'package.json'), JSON.stringify(fixturePkg, null, 2));
    fs.rmSync(path.join(APP_DIR, 'node_modules', '@botanu'), { recursive: true, force: true });
    npm(['install', '--no-package-lock'], APP_DIR);
    fs.writeFileSync(stamp, want);
  }
  // Fixture apps are copied next to the installed libraries so they resolve them.
  copyFixtures(FIXTURES, APP_DIR);
}

function copyFixtures(from: string, to: string): void {
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    if (e.name === 'package.json' || e.name === 'node_modules') continue;
    const src = path.join(from, e.name);
    const dst = path.join(to, e.name);
    if (e.isDirectory()) {
      fs.mkdirSync(dst, { recursive: true });
      copyFixtures(src, dst);
    } else fs.copyFileSync(src, dst);
  }
}
