// Which of the app's libraries the agent covers, by what, and whether the
// installed version is inside the range the instrumentation supports.
// Detection is the agent's own (instrumentations/detect.ts), run from the app's directory.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { INSTRUMENTATIONS, shortName } from '../../instrumentations/index';
import { installedVersion } from '../../instrumentations/detect';
import { satisfies } from '../../instrumentations/version-range';
import { isCostedOverHttp, LLM_SDK_INSTRUMENTATIONS } from '../../instrumentations/llm-http/costed-packages';
import { TRACER_PACKAGES } from './other-tracers';

export type CoverageStatus = 'covered' | 'unsupported-version' | 'disabled' | 'builtin';

export interface LibraryCoverage {
  library: string;
  installed?: string;
  instrumentation: string;
  coveredBy: string;
  versions: string;
  /** The semver range the installed version was checked against; absent when none could be read. */
  checkedRange?: string;
  status: CoverageStatus;
  note?: string;
}

export interface CoverageReport {
  libraries: LibraryCoverage[];
  /** The app's direct dependencies that no instrumentation targets. */
  uncovered: string[];
}

function appDependencies(appDir: string): string[] {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8'));
    return Object.keys(pkg.dependencies ?? {});
  } catch {
    return [];
  }
}

function isOn(name: string, enabled: string[] | undefined, disabled: string[]): boolean {
  if (enabled && !enabled.map(shortName).includes(name)) return false;
  return !disabled.map(shortName).includes(name);
}

const BUNDLED_NOTE =
  'this is a Next.js build: Next bundles it into .next/server (unless next.config lists it in serverExternalPackages), where no module hook sees it; its LLM API calls are then costed at the HTTP layer (llm-http)';

export function libraryCoverage(appDir: string, enabled: string[] | undefined, disabled: string[]): CoverageReport {
  const libraries: LibraryCoverage[] = [];
  const nextBuild = fs.existsSync(path.join(appDir, '.next', 'server'));
  const llmHttpOn = isOn('llm-http', enabled, disabled);
  const targeted = new Set<string>();
  for (const e of INSTRUMENTATIONS) {
    const base = { instrumentation: e.name, coveredBy: e.coveredBy, versions: e.versions };
    const on = isOn(e.name, enabled, disabled);
    if (e.builtin) {
      libraries.push({ ...base, library: e.modules.join(', ') || e.name, status: on ? 'builtin' : 'disabled', note: on ? undefined : 'turned off by OTEL_NODE_*_INSTRUMENTATIONS' });
    }
    for (const m of e.detectBy ?? e.modules) {
      targeted.add(m);
      if (e.builtin) continue;
      const installed = installedVersion(m);
      if (!installed) continue;
      if (!on) {
        libraries.push({ ...base, library: m, installed, status: 'disabled', note: 'turned off by OTEL_NODE_*_INSTRUMENTATIONS' });
        continue;
      }
      const range = e.supported?.[m];
      const inRange = !range || satisfies(installed, range) !== false;
      libraries.push({
        ...base,
        library: m,
        installed,
        checkedRange: range,
        status: inRange ? 'covered' : 'unsupported-version',
        note: inRange
          ? nextBuild && LLM_SDK_INSTRUMENTATIONS.includes(e.name) ? BUNDLED_NOTE : undefined
          : `${m} ${installed} is outside ${e.versions}: the agent leaves it uninstrumented (its HTTP traffic is still traced${LLM_SDK_INSTRUMENTATIONS.includes(e.name) && llmHttpOn ? ', its LLM API calls costed by llm-http' : ''})`,
      });
    }
  }
  // LLM frameworks and SDKs with no instrumentation of their own: costed over HTTP.
  for (const d of appDependencies(appDir)) {
    if (targeted.has(d) || !isCostedOverHttp(d)) continue;
    targeted.add(d);
    libraries.push({
      library: d,
      installed: installedVersion(d),
      instrumentation: 'llm-http',
      coveredBy: 'botanu (instrumentations/llm-http)',
      versions: 'any version: its LLM API requests, or the provider SDK it loads',
      checkedRange: '*',
      status: llmHttpOn ? 'covered' : 'disabled',
      note: llmHttpOn ? undefined : 'turned off by OTEL_NODE_*_INSTRUMENTATIONS',
    });
  }
  const uncovered = appDependencies(appDir).filter((d) => !targeted.has(d) && d !== '@botanu/agent' && !TRACER_PACKAGES.includes(d) && !d.startsWith('@opentelemetry/'));
  return { libraries, uncovered };
}
