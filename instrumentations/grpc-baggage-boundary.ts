// The outgoing baggage boundary (agent/run/baggage-boundary.ts) for gRPC: grpc-js
// speaks HTTP/2 through node:http2, which the http/undici guard does not see. For
// a target host the policy denies (LLM provider APIs by default, e.g.
// *-aiplatform.googleapis.com), botanu.* entries are removed from the `baggage`
// metadata after the grpc instrumentation has injected it. The client span keeps
// its run attributes: only what leaves the process changes.
import { InstrumentationNodeModuleFile, isWrapped, type InstrumentationBase, type InstrumentationModuleDefinition } from '@opentelemetry/instrumentation';
import { withoutBotanuEntries, type InstrumentationContext } from '../agent/for-instrumentations';

type AnyFn = (...args: unknown[]) => unknown;
interface MetadataLike {
  get(key: string): unknown[];
  add(key: string, value: string): void;
  remove(key: string): void;
  getMap(): unknown;
}
interface ClientLike {
  getChannel?(): { getTarget?(): string };
}

const REQUEST_METHODS = ['makeUnaryRequest', 'makeClientStreamRequest', 'makeServerStreamRequest', 'makeBidiStreamRequest'] as const;

/** `dns:///api.example.com:443`, `ipv4:10.0.0.1:50051`, `[::1]:50051`, `host:443` → the host. */
export function grpcTargetHost(target: string): string {
  let rest = target;
  const scheme = /^(dns|ipv4|ipv6|unix|unix-abstract|xds|vsock):(\/\/[^/]*\/)?(.*)$/.exec(rest);
  if (scheme) rest = scheme[3];
  if (rest.startsWith('[')) return rest.slice(1, rest.indexOf(']'));
  return rest.split(',')[0].replace(/:\d+$/, '');
}

function isMetadata(v: unknown): v is MetadataLike {
  const m = v as MetadataLike;
  return !!m && typeof m.get === 'function' && typeof m.add === 'function' && typeof m.remove === 'function' && typeof m.getMap === 'function';
}

function scrub(metadata: MetadataLike): void {
  const values = metadata.get('baggage');
  if (!values.length) return;
  const kept = values.map((v) => withoutBotanuEntries(String(v))).filter((v): v is string => v !== undefined);
  metadata.remove('baggage');
  for (const v of kept) metadata.add('baggage', v);
}

/**
 * Adds the boundary to a GrpcInstrumentation: Client's request methods are wrapped
 * when grpc-js's client.js loads, before the instrumentation wraps them (on the
 * package's main module), so the scrub runs after its injection.
 */
export function withGrpcBaggageBoundary<T extends InstrumentationBase>(instrumentation: T, allowed: InstrumentationContext['baggageAllowedTo']): T {
  const defs = (instrumentation as unknown as { _modules?: InstrumentationModuleDefinition[] })._modules;
  const def = Array.isArray(defs) ? defs.find((d) => d.name === '@grpc/grpc-js') : undefined;
  if (!def) return instrumentation;
  const wrap = (original: AnyFn) =>
    function request(this: ClientLike, ...args: unknown[]) {
      try {
        const target = this.getChannel?.().getTarget?.();
        if (typeof target === 'string' && !allowed(grpcTargetHost(target))) for (const a of args) if (isMetadata(a)) scrub(a);
      } catch {
        /* never in the way of a call */
      }
      return original.apply(this, args);
    };
  def.files.push(
    new InstrumentationNodeModuleFile(
      '@grpc/grpc-js/build/src/client.js',
      ['^1.0.0'],
      (exports: { Client?: { prototype: Record<string, AnyFn> } }) => {
        const proto = exports?.Client?.prototype;
        for (const m of REQUEST_METHODS) if (proto && typeof proto[m] === 'function' && !isWrapped(proto[m])) proto[m] = wrap(proto[m]);
        return exports;
      },
      // Kept when the instrumentation is disabled: without injection it has nothing to remove.
      () => {},
    ),
  );
  return instrumentation;
}
