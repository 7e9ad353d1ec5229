// The preload entry. Checks Node, guards against double initialisation, and
// never lets anything escape into the host app.
import path = require('node:path');
import { isHooksThread } from './main-thread';

const STARTED = Symbol.for('botanu.agent.started');
const MIN = [22, 15];

function nodeSupported(): boolean {
  const [maj, min] = process.versions.node.split('.').map(Number);
  return maj > MIN[0] || (maj === MIN[0] && min >= MIN[1]);
}

export function register(): void {
  const g = globalThis as Record<symbol, unknown>;
  if (g[STARTED]) return;
  // The botanu-agent CLI inspects the app; it is not the app, though NODE_OPTIONS reaches it too.
  if (/[\\/]botanu-agent(\.cjs)?$/.test(process.argv[1] ?? '')) return;
  // Node's module-hooks thread (started by module.register, the ESM path on Node
  // before 22.22.3 / 24.11.1) runs --require preloads again; it is not the app.
  if (isHooksThread()) return;
  g[STARTED] = true;
  try {
    if (!nodeSupported()) {
      process.stderr.write(`[botanu] warn: Node ${process.versions.node} is not supported (needs >= ${MIN.join('.')}); the agent is inactive and the app runs without it\n`);
      return;
    }
    // Loaded only after the version check: the SDK itself needs a current Node.
    const { start } = require('./bootstrap') as typeof import('./bootstrap');
    start(path.resolve(__dirname, '..'));
  } catch (err) {
    try {
      process.stderr.write(`[botanu] error: the agent failed to start and is inactive; the app is unaffected (${(err as Error)?.message ?? err})\n`);
    } catch {
      /* ignore */
    }
  }
}

register();
