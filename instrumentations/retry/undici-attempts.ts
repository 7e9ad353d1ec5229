// Header lookup on undici's request, for the attempt markers SDKs put in a
// request header (attempt-markers.ts). The undici client spans
// (undici-client/instrumentation.ts) read undici 6+'s flat header array in their
// own single pass; undici 5's raw block is read here.

/** The parts of undici's Request we read (undici 5–8, Node's bundled copy included). */
interface UndiciRequestView {
  headers?: string | (string | string[] | Buffer)[];
}

/** Header lookup on undici's request: a flat [name, value, ...] array, or a raw "name: value\r\n" block. */
export function undiciHeader(request: UndiciRequestView, lowerCaseName: string): string | undefined {
  const h = request.headers;
  if (Array.isArray(h)) {
    for (let i = 0; i + 1 < h.length; i += 2) {
      const k = h[i];
      if (typeof k === 'string' && k.length === lowerCaseName.length && k.toLowerCase() === lowerCaseName) {
        const v = h[i + 1];
        return String(Array.isArray(v) ? v[0] : v);
      }
    }
    return undefined;
  }
  if (typeof h !== 'string' || h.length === 0) return undefined;
  const m = rawHeaderPattern(lowerCaseName).exec(h);
  return m ? m[1].trim() : undefined;
}

// One case-insensitive pattern per header name (a handful), so a block without
// the header costs a scan and no allocation.
const rawPatterns = new Map<string, RegExp>();
function rawHeaderPattern(lowerCaseName: string): RegExp {
  let re = rawPatterns.get(lowerCaseName);
  if (!re) {
    re = new RegExp(`(?:^|\\n)${lowerCaseName.replace(/[^a-z0-9-]/g, '')}:([^\\r\\n]*)`, 'i');
    rawPatterns.set(lowerCaseName, re);
  }
  return re;
}
