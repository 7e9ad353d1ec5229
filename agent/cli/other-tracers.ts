// Finds the preloads an app starts with (NODE_OPTIONS, its package.json start
// script, a command given to doctor) and says which of them set up tracing:
// ours, another vendor's agent, or a local file that builds an OpenTelemetry SDK.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Preload {
  source: string; // where the flag was found
  flag: string;
  module: string;
  /** What it sets up: `botanu`, or the other tracer's name; undefined when it is not a tracer. */
  tracer?: string;
}

export interface TracerScan {
  preloads: Preload[];
  botanuPreloaded: boolean;
  otherTracers: Preload[];
  /** Tracing packages among the app's dependencies (they may be started in code). */
  installedTracers: string[];
}

const KNOWN: [RegExp, string][] = [
  [/^@botanu\/agent(\/register(\.c?js|\.mjs)?)?$/, 'botanu'],
  [/^dd-trace(\/|$)/, 'Datadog dd-trace'],
  [/^@sentry\/node(\/|$)/, 'Sentry @sentry/node'],
  [/^@opentelemetry\/auto-instrumentations-node(\/|$)/, 'OpenTelemetry auto-instrumentations-node'],
  [/^@elastic\/opentelemetry-node(\/|$)/, 'Elastic EDOT Node'],
  [/^elastic-apm-node(\/|$)/, 'Elastic APM'],
  [/^newrelic(\/|$)/, 'New Relic'],
  [/^@splunk\/otel(\/|$)/, 'Splunk OpenTelemetry'],
];

// What a local preload file may contain that starts tracing.
const IN_FILE: [RegExp, string][] = [
  [/dd-trace/, 'Datadog dd-trace'],
  [/@sentry\/node/, 'Sentry @sentry/node'],
  [/@opentelemetry\/sdk-node|NodeSDK\b/, 'OpenTelemetry SDK (NodeSDK)'],
  [/@opentelemetry\/sdk-trace-(node|base)|NodeTracerProvider|BasicTracerProvider/, 'OpenTelemetry SDK (tracer provider)'],
  [/@opentelemetry\/auto-instrumentations-node/, 'OpenTelemetry auto-instrumentations-node'],
  [/\bnewrelic\b/, 'New Relic'],
];

export const TRACER_PACKAGES = ['dd-trace', '@sentry/node', '@opentelemetry/sdk-node', '@opentelemetry/sdk-trace-node', '@opentelemetry/auto-instrumentations-node', 'newrelic', 'elastic-apm-node', '@elastic/opentelemetry-node'];
const PRELOAD_FLAGS = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader']);

/** Splits a command line the way a shell would for the cases that matter here (quotes, spaces). */
export function splitArgs(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

function classify(module: string, appDir: string): string | undefined {
  for (const [re, name] of KNOWN) if (re.test(module)) return name;
  if (!/^(\.|\/|file:)/.test(module)) return undefined;
  try {
    const file = path.resolve(appDir, module.replace(/^file:\/\//, ''));
    const text = fs.readFileSync(file, 'utf8').slice(0, 200_000);
    for (const [re, name] of IN_FILE) if (re.test(text)) return `${name}, set up in ${module}`;
  } catch {
    /* unreadable: not a tracer we can tell about */
  }
  return undefined;
}

function preloadsIn(args: string[], source: string, appDir: string): Preload[] {
  const out: Preload[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    if (!PRELOAD_FLAGS.has(flag)) continue;
    const module = flag === a ? args[++i] : a.slice(eq + 1);
    if (module) out.push({ source, flag, module, tracer: classify(module, appDir) });
  }
  return out;
}

export function scanTracers(appDir: string, env: NodeJS.ProcessEnv, command: string[]): TracerScan {
  const preloads = [...preloadsIn(splitArgs(env.NODE_OPTIONS ?? ''), 'NODE_OPTIONS', appDir), ...preloadsIn(command, 'the command given to doctor', appDir)];
  let deps: Record<string, string> = {};
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8'));
    deps = pkg.dependencies ?? {};
    for (const name of ['start', 'dev', 'serve']) {
      const script = pkg.scripts?.[name];
      if (typeof script === 'string') preloads.push(...preloadsIn(splitArgs(script), `package.json scripts.${name}`, appDir));
    }
  } catch {
    /* no package.json: nothing more to scan */
  }
  return {
    preloads,
    botanuPreloaded: preloads.some((p) => p.tracer === 'botanu'),
    otherTracers: preloads.filter((p) => p.tracer && p.tracer !== 'botanu'),
    installedTracers: TRACER_PACKAGES.filter((p) => p in deps),
  };
}
