// The resource: service identity plus the env/host/process/os detectors, all
// synchronous and local (no cloud metadata probes unless asked for).
import os = require('node:os');
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { AgentConfig } from './config';
import { AGENT_VERSION } from '../version';

export function buildResource(cfg: AgentConfig): Resource {
  const a: Record<string, string | number | string[]> = {};
  const d = cfg.resourceDetectors;
  if (d.has('host')) {
    a['host.name'] = os.hostname();
    a['host.arch'] = process.arch === 'x64' ? 'amd64' : process.arch;
  }
  if (d.has('os')) {
    a['os.type'] = process.platform;
    a['os.version'] = os.release();
  }
  if (d.has('process')) {
    a['process.pid'] = process.pid;
    a['process.executable.name'] = process.title;
    a['process.executable.path'] = process.execPath;
    a['process.command'] = process.argv[1] ?? '';
    a['process.runtime.name'] = 'nodejs';
    a['process.runtime.version'] = process.versions.node;
    a['process.runtime.description'] = 'Node.js';
  }
  if (d.has('env')) Object.assign(a, cfg.resourceAttributes);
  a['service.name'] = cfg.serviceName;
  if (cfg.environmentFromVariable) a['deployment.environment.name'] = cfg.environment;
  a['telemetry.sdk.name'] = 'opentelemetry';
  a['telemetry.sdk.language'] = 'nodejs';
  a['telemetry.distro.name'] = 'botanu-agent';
  a['telemetry.distro.version'] = AGENT_VERSION;
  return resourceFromAttributes(a);
}
