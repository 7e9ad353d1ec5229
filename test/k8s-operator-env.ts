// The container env the OpenTelemetry Operator's pod webhook writes for a Node.js container
// (internal/instrumentation/{nodejs,sdk}.go, operator 0.158.0), followed by the kubelet's
// $(VAR) expansion. Kept to what a Deployment-owned pod with one container gets.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { APP_DIR } from './helpers/paths';

export interface EnvVar {
  name: string;
  value?: string;
  /** Downward-API value, already resolved (what the kubelet would put there). */
  fieldValue?: string;
}

export interface Pod {
  namespace: string;
  deployment: string;
  replicaSet: string;
  podName: string;
  node: string;
  nodeIP: string;
  podIP: string;
  container: string;
  image: string;
  env: EnvVar[];
}

/** Renders deploy/ with the test tooling in fixtures/k8s/tools (run from the install dir, where its deps are). */
export function renderManifests(mode: 'yaml' | 'helm' | 'kustomize', target: string, args: string[] = []): any[] {
  const r = spawnSync(process.execPath, [path.join(APP_DIR, 'k8s', 'tools', 'cli.mjs'), mode, target, ...args], { cwd: APP_DIR, encoding: 'utf8' });
  const out = JSON.parse(r.stdout);
  if (out.error) throw new Error(out.error);
  return out.docs.map((d: { doc: unknown }) => d.doc);
}

const has = (env: EnvVar[], name: string) => env.some((e) => e.name === name);
const appendIfNotSet = (env: EnvVar[], add: EnvVar[] = []) => [...env, ...add.filter((e) => !has(env, e.name))];

/** `mountPath` stands in for /otel-auto-instrumentation-nodejs. */
export function operatorEnv(inst: any, pod: Pod, mountPath: string): EnvVar[] {
  const spec = inst.spec ?? {};
  // injectNodeJSSDKToContainer: the Instrumentation's nodejs.env, where not already set.
  let env = appendIfNotSet(pod.env.map((e) => ({ ...e })), spec.nodejs?.env);
  // injectCommonEnvVar: pod and node IPs first (so later values may reference them), then spec.env.
  for (const e of [{ name: 'OTEL_POD_IP', fieldValue: pod.podIP }, { name: 'OTEL_NODE_IP', fieldValue: pod.nodeIP }]) if (!has(env, e.name)) env = [e, ...env];
  env = appendIfNotSet(env, spec.env);
  // getDefaultNodeJSEnvVars: --require appended to an existing NODE_OPTIONS value.
  const require = ` --require ${mountPath}/autoinstrumentation.js`;
  const nodeOptions = env.find((e) => e.name === 'NODE_OPTIONS');
  if (nodeOptions) nodeOptions.value = (nodeOptions.value ?? '') + require;
  else env.push({ name: 'NODE_OPTIONS', value: require });
  env = appendIfNotSet(env, [{ name: 'OTEL_METRICS_EXPORTER', value: 'otlp' }]);
  // injectCommonSDKConfig.
  env = appendIfNotSet(env, [{ name: 'OTEL_SERVICE_NAME', value: pod.deployment }]);
  if (spec.exporter?.endpoint) env = appendIfNotSet(env, [{ name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: spec.exporter.endpoint }]);
  env.push({ name: 'OTEL_RESOURCE_ATTRIBUTES_POD_NAME', fieldValue: pod.podName });
  env.push({ name: 'OTEL_RESOURCE_ATTRIBUTES_NODE_NAME', fieldValue: pod.node });
  const resource: Record<string, string> = {
    'k8s.container.name': pod.container,
    'k8s.deployment.name': pod.deployment,
    'k8s.namespace.name': pod.namespace,
    'k8s.node.name': '$(OTEL_RESOURCE_ATTRIBUTES_NODE_NAME)',
    'k8s.pod.name': '$(OTEL_RESOURCE_ATTRIBUTES_POD_NAME)',
    'k8s.replicaset.name': pod.replicaSet,
    'service.instance.id': `${pod.namespace}.$(OTEL_RESOURCE_ATTRIBUTES_POD_NAME).${pod.container}`,
    'service.version': pod.image.split(':').at(-1)!,
    ...(spec.resource?.resourceAttributes ?? {}),
  };
  const resStr = Object.keys(resource).sort().map((k) => `${k}=${resource[k]}`).join(',');
  const existing = env.find((e) => e.name === 'OTEL_RESOURCE_ATTRIBUTES');
  if (existing) existing.value = existing.value!.endsWith(',') ? existing.value + resStr : `${existing.value},${resStr}`;
  else env.push({ name: 'OTEL_RESOURCE_ATTRIBUTES', value: resStr });
  if (spec.propagators?.length) env = appendIfNotSet(env, [{ name: 'OTEL_PROPAGATORS', value: spec.propagators.join(',') }]);
  if (spec.sampler?.type && !has(env, 'OTEL_TRACES_SAMPLER') && !has(env, 'OTEL_TRACES_SAMPLER_ARG')) {
    env.push({ name: 'OTEL_TRACES_SAMPLER', value: spec.sampler.type });
    if (spec.sampler.argument) env.push({ name: 'OTEL_TRACES_SAMPLER_ARG', value: spec.sampler.argument });
  }
  // OTEL_RESOURCE_ATTRIBUTES last, so its $(...) references are all defined before it.
  const i = env.findIndex((e) => e.name === 'OTEL_RESOURCE_ATTRIBUTES');
  return [...env.slice(0, i), ...env.slice(i + 1), env[i]];
}

/** The kubelet's expansion: $(VAR) of a variable defined earlier in the list, $$ for a literal $. */
export function expandLikeKubelet(list: EnvVar[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of list) {
    out[e.name] = e.fieldValue ?? (e.value ?? '').replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, n) => (m === '$$' ? '$' : n in out ? out[n] : m));
  }
  return out;
}
