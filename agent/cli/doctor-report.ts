// What `doctor` found, as data: rendered as text by doctor-text.ts, or printed as JSON.
import type { EnvRecord } from '../config/env';
import type { CoverageReport } from './library-coverage';
import type { DestinationCheck } from './live-check';
import type { TracerScan } from './other-tracers';

export interface DoctorReport {
  agentVersion: string;
  appDir: string;
  node: { version: string; required: string; supported: boolean };
  enabled: boolean;
  disabledReason?: string;
  effective: {
    serviceName: string;
    environment: string;
    destinations: { role: string; url: string; protocol: string; headers: string; compression: string; timeoutMs: number }[];
    propagators: string[];
    sampler: string;
    batchDelayMs: number;
    instrumentationFilter: { enabled?: string[]; disabled: string[] };
    /** Query parameters whose values are REDACTED in every URL on a span (the default list plus BOTANU_REDACT_QUERY_PARAMS). */
    redactedQueryParams: { defaults: readonly string[]; extra: string[] };
  };
  settings: EnvRecord[];
  invalid: string[];
  libraries: CoverageReport;
  tracers: TracerScan;
  checks: DestinationCheck[];
  /** What prevents telemetry (non-empty → exit code 1). */
  blocking: string[];
  warnings: string[];
}
