// dd-trace and Sentry inject their headers into a fetch() call before undici
// builds the request, and the agent's undici instrumentation adds its own
// afterwards, as a second `baggage` header. A request must carry one: baggage
// added to an undici request is merged into the one already there.
import { mergeBaggage } from './coexist-propagator';

const INSTALLED = Symbol.for('botanu.coexist.fetch-baggage-merge');

interface UndiciRequest {
  headers?: string[] | string;
  addHeader?: (key: string, value: string) => unknown;
}

const TWO_BAGGAGE_LINES = /(?:^|\n)baggage:[^]*\nbaggage:/i;

function members(v: string): string[] {
  return v.split(',').map((m) => m.trim()).filter(Boolean);
}

/** Collapses repeated `baggage` headers into the first one (later members win on equal keys). */
export function collapseBaggage(req: UndiciRequest): void {
  const h = req.headers;
  if (Array.isArray(h)) {
    let first = -1;
    for (let i = 0; i < h.length; i += 2) {
      const k = h[i];
      if (typeof k === 'string' ? k.length !== 7 || k.toLowerCase() !== 'baggage' : String(k).toLowerCase() !== 'baggage') continue;
      if (first < 0) {
        first = i;
        continue;
      }
      h[first + 1] = mergeBaggage(h[first + 1], members(String(h[i + 1])));
      h.splice(i, 2);
      i -= 2;
    }
  } else if (typeof h === 'string') {
    if (!TWO_BAGGAGE_LINES.test(h)) return;
    const lines = h.split('\r\n');
    const bag = lines.filter((l) => /^baggage:/i.test(l));
    if (bag.length < 2) return;
    const merged = bag.map((l) => l.slice(l.indexOf(':') + 1).trim()).reduce((acc, v) => mergeBaggage(acc, members(v)));
    let placed = false;
    req.headers = lines
      .filter((l) => {
        if (!/^baggage:/i.test(l)) return true;
        if (placed) return false;
        placed = true;
        return true;
      })
      .map((l) => (/^baggage:/i.test(l) ? `baggage: ${merged}` : l))
      .join('\r\n');
  }
}

// One merging wrapper per original addHeader (undici's Request.prototype.addHeader:
// one per undici copy in the process), not a closure per request.
const mergingWrappers = new WeakMap<object, (this: UndiciRequest, key: string, value: string) => unknown>();

function mergingAddHeader(add: NonNullable<UndiciRequest['addHeader']>): (this: UndiciRequest, key: string, value: string) => unknown {
  let wrapper = mergingWrappers.get(add);
  if (!wrapper) {
    wrapper = function mergingAddHeader(this: UndiciRequest, key: string, value: string) {
      const r = add.call(this, key, value);
      if (typeof key === 'string' ? key.length === 7 && key.toLowerCase() === 'baggage' : String(key).toLowerCase() === 'baggage') collapseBaggage(this);
      return r;
    };
    mergingWrappers.set(add, wrapper);
    mergingWrappers.set(wrapper, wrapper);
  }
  return wrapper;
}

export function installFetchBaggageMerge(): void {
  const g = globalThis as Record<symbol, unknown>;
  if (g[INSTALLED]) return;
  g[INSTALLED] = true;
  try {
    const dc = require('node:diagnostics_channel') as typeof import('node:diagnostics_channel');
    dc.subscribe('undici:request:create', (message) => {
      const req = (message as { request?: UndiciRequest }).request;
      if (!req) return;
      try {
        // Headers added by subscribers that run after this one go through addHeader.
        const add = req.addHeader;
        if (typeof add === 'function') req.addHeader = mergingAddHeader(add);
        collapseBaggage(req);
      } catch {
        /* leave the request as it is */
      }
    });
  } catch {
    /* no diagnostics_channel: nothing to merge into */
  }
}
