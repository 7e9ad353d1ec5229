// Which instrumentations are armed (constructed, waiting for their library to
// load) and which have actually hooked a loaded module in this process. An
// armed LLM SDK instrumentation that never hooks means the SDK was bundled
// (Next.js server chunks, esbuild, webpack) or never loaded: llm-http says so
// when it costs that provider's calls instead (llm-http/layer-notice.ts).

const armed = new Set<string>();
const hooked = new Map<string, string | undefined>();

export function markArmed(entry: string): void {
  armed.add(entry);
}

/** A patch of `entry` ran on a loaded module (`version` as the loader read it). */
export function markHooked(entry: string, version: string | undefined): boolean {
  const first = !hooked.has(entry);
  if (first) hooked.set(entry, version);
  return first;
}

export function isArmed(entry: string): boolean {
  return armed.has(entry);
}

export function isHooked(entry: string): boolean {
  return hooked.has(entry);
}
