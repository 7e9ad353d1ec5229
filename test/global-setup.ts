// Jest runs the tests against the packed, installed package: see prepare-app.mjs.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { ROOT } from './helpers/paths';

export default function globalSetup(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'test', 'prepare-app.mjs')], { cwd: ROOT, stdio: 'inherit' });
}
