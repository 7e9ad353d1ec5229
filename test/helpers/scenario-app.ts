// One run of a fixture app installed on its own (separate-app.ts) against local
// provider fixtures and an OTLP receiver, started once per test file: the app's
// scenarios each run as a botanu run; the test then reads what arrived.
import * as path from 'node:path';
import { runToEnd } from './app';
import { OtlpReceiver, type DecodedSpan } from './receiver';
import { installSeparateApp } from './separate-app';

interface Fixture {
  start(): Promise<{ url: string; close(): Promise<void> }>;
}

export interface ScenarioAppOptions {
  /** installSeparateApp(name, 'wire', deps, manager) */
  name: string;
  deps: string;
  manager?: 'npm' | 'pnpm';
  script: string;
  service: string;
  scenarios: string[];
  /** Env var → fixture whose URL it carries (OPENAI_URL → openai-server…). */
  fixtures: Record<string, Fixture>;
  /** Runs on the installed directory before the app starts (e.g. bundling it). */
  prepare?(dir: string): void;
}

export interface ScenarioAppRun {
  spans(): DecodedSpan[];
  result(): Record<string, unknown>;
  /** The app's stdout and stderr. */
  output(): { stdout: string; stderr: string };
}

export function useScenarioApp(o: ScenarioAppOptions): ScenarioAppRun {
  let receiver: OtlpReceiver;
  let servers: { url: string; close(): Promise<void> }[] = [];
  let result: Record<string, unknown> = {};
  let output = { stdout: '', stderr: '' };
  beforeAll(async () => {
    const dir = installSeparateApp(o.name, 'wire', o.deps, o.manager);
    o.prepare?.(dir);
    const names = Object.keys(o.fixtures);
    servers = await Promise.all(names.map((n) => o.fixtures[n].start()));
    receiver = await new OtlpReceiver().start();
    const urls = Object.fromEntries(names.map((n, i) => [n, servers[i].url]));
    const res = await runToEnd(path.join(dir, o.script), { cwd: dir, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: o.service, SCENARIOS: o.scenarios.join(','), ...urls } }, 60_000);
    expect({ code: res.code, stderr: res.stderr.split('\n').filter((l) => /error|warn/i.test(l)) }).toEqual({ code: 0, stderr: [] });
    output = { stdout: res.stdout, stderr: res.stderr };
    result = JSON.parse(res.stdout.match(/RESULT (.*)/)![1]);
    await receiver.waitFor((all) => o.scenarios.every((n) => all.some((s) => s.name === `botanu.run/llm-${n}`)), 15_000);
    await new Promise((r) => setTimeout(r, 300)); // the last runs' late GenAI spans
  }, 240_000);
  afterAll(async () => {
    await receiver?.stop();
    await Promise.all(servers.map((s) => s.close()));
  });
  return { spans: () => receiver.spans, result: () => result, output: () => output };
}
