// On a Node older than 22.15 the preload prints one warning and does nothing; the app runs.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { APP_DIR } from './helpers/paths';

// The machine's own node (older than the pinned ones), when there is one.
function olderNode(): string | undefined {
  for (const p of ['/usr/bin/node', '/usr/local/bin/node']) {
    if (!fs.existsSync(p)) continue;
    const [maj, min] = execFileSync(p, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim().split('.').map(Number);
    if (maj < 22 || (maj === 22 && min < 15)) return p;
  }
  return undefined;
}

const node = olderNode();
(node ? test : test.skip)(`an unsupported Node (${node ?? 'none found'}): one warning, the app runs untouched, under --import and NODE_OPTIONS --require`, () => {
  for (const [args, nodeOptions] of [[['--import', '@botanu/agent/register'], ''], [[], '--require @botanu/agent/register']] as const) {
    const r = spawnSync(node!, [...args, '-e', "console.log('app ran'); process.exitCode = 7"], { cwd: APP_DIR, encoding: 'utf8', env: { PATH: process.env.PATH, NODE_OPTIONS: nodeOptions } });
    expect(r.status).toBe(7);
    expect(r.stdout.trim()).toBe('app ran');
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^\[botanu\] warn: Node \d+\.\d+\.\d+ is not supported \(needs >= 22\.15\); the agent is inactive/)]);
  }
});
