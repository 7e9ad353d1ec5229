// Package managers and their launchers (npm, npx, yarn, pnpm, corepack) are not
// the app, but NODE_OPTIONS reaches them too (a Dockerfile running `npm start`):
// with the agent they print a second startup line and export their own registry
// requests under the app's service name. The agent leaves them alone; the app
// they start (a child process) still gets it. BOTANU_INSTRUMENT_TOOLS=true
// instruments them anyway.
import path = require('node:path');

// Entry scripts by file name, as installed by Node, npm, corepack and the
// standalone installers (yarn berry's .yarn/releases/yarn-<version>.cjs included).
const TOOL_SCRIPT = /^(npm|npx|npm-cli\.js|npx-cli\.js|yarn|yarnpkg|yarn\.c?js|yarn-[\d.]+[\w.-]*\.cjs|pnpm|pnpx|pnpm\.c?js|pnpm\.mjs|pnpx\.c?js|corepack|corepack\.c?js)$/;

/** True when this process is a package-manager/tool process, judged by its entry script. */
export function isToolProcess(entryScript: string | undefined): boolean {
  if (!entryScript) return false;
  return TOOL_SCRIPT.test(path.basename(entryScript));
}
