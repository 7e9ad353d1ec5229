// Packs @botanu/agent exactly as it would be published and installs the tarball,
// with the fixture apps' real libraries (fixtures/package.json), into .work/app.
// Tests and the demo run the fixtures from there: the package as a user installs it.
// Usage: node test/prepare-app.mjs   (uses the node it runs on for npm, so engines resolve)
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { npm } from '../scripts/npm.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// BOTANU_TEST_WORK lets parallel checkouts keep separate installs.
const WORK = process.env.BOTANU_TEST_WORK ? path.resolve(process.env.BOTANU_TEST_WORK) : path.join(ROOT, '.work');
const APP_DIR = path.join(WORK, 'app');
const FIXTURES = path.join(ROOT, 'fixtures');

// fixtures/package.json plus each area's fixtures/<area>/deps.json ({"dependencies": {...}}), pinned;
// an area's "overrides" settle a peer range one library declares narrower than the version another area pins.
function fixtureManifest() {
  const pkg = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'package.json'), 'utf8'));
  for (const e of fs.readdirSync(FIXTURES, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const f = path.join(FIXTURES, e.name, 'deps.json');
    if (!e.isDirectory() || !fs.existsSync(f)) continue;
    const area = JSON.parse(fs.readFileSync(f, 'utf8'));
    Object.assign(pkg.dependencies, area.dependencies);
    if (area.overrides) pkg.overrides = { ...pkg.overrides, ...area.overrides };
  }
  return pkg;
}

function copyFixtures(from, to) {
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    // fixtures/package.json is the install's (above); a nested one belongs to its fixture (e.g. "type": "module").
    if ((e.name === 'package.json' && from === FIXTURES) || e.name === 'deps.json' || e.name === 'node_modules') continue;
    const src = path.join(from, e.name);
    const dst = path.join(to, e.name);
    if (e.isDirectory()) {
      fs.mkdirSync(dst, { recursive: true });
      copyFixtures(src, dst);
    } else fs.copyFileSync(src, dst);
  }
}

// An area's "apps" ({"<name>": {"dependencies": {...}}}) are installed apart, in
// <area>/<name>/, each with the packed agent: for a library whose peer range
// cannot share the one install (Apollo Server needs graphql 16; the rest run 17).
function separateApps() {
  const apps = [];
  for (const e of fs.readdirSync(FIXTURES, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const f = path.join(FIXTURES, e.name, 'deps.json');
    if (!e.isDirectory() || !fs.existsSync(f)) continue;
    for (const [name, manifest] of Object.entries(JSON.parse(fs.readFileSync(f, 'utf8')).apps ?? {})) apps.push({ dir: path.join(APP_DIR, e.name, name), manifest });
  }
  return apps;
}

/** Installs `manifest` plus the packed agent into `dir`, unless the same was installed there already. */
function install(dir, manifest, tarball) {
  const want = createHash('sha256').update(fs.readFileSync(tarball)).update(JSON.stringify(manifest)).digest('hex');
  const stamp = path.join(dir, '.stamp');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want) return;
  fs.mkdirSync(dir, { recursive: true });
  const pkg = { name: 'botanu-agent-fixture-app', private: true, ...manifest, dependencies: { ...manifest.dependencies, '@botanu/agent': `file:${tarball}` } };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  fs.rmSync(path.join(dir, 'node_modules', '@botanu'), { recursive: true, force: true });
  npm(['install', '--no-package-lock'], dir);
  fs.writeFileSync(stamp, want);
}

fs.mkdirSync(APP_DIR, { recursive: true });
const out = npm(['pack', '--pack-destination', WORK, '--json'], ROOT);
const tarball = path.join(WORK, JSON.parse(out.slice(out.indexOf('[')))[0].filename);
install(APP_DIR, fixtureManifest(), tarball);
for (const app of separateApps()) install(app.dir, app.manifest, tarball);
copyFixtures(FIXTURES, APP_DIR);
