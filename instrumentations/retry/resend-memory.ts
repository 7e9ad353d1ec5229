// What the generic resend rule remembers: per parent span, the requests
// (method + full URL) whose latest attempt failed, and how many times in a row.
// Only failures are stored, so the common path (no failure) keeps nothing.
// Bounded: a parent lives at most `ttlMs` after its last failure, at most
// `maxParents` parents (least recently failed dropped first) and `maxKeys`
// requests per parent. We cannot see a parent span end from an HTTP hook, so
// the TTL stands in for "dropped when the parent ends".

interface ParentEntry {
  touchedAt: number;
  failures: Map<string, number>;
}

export interface ResendMemoryLimits {
  maxParents: number;
  maxKeys: number;
  ttlMs: number;
}

export const DEFAULT_LIMITS: ResendMemoryLimits = { maxParents: 1024, maxKeys: 32, ttlMs: 10 * 60_000 };

export class ResendMemory {
  // Map keeps insertion order; a parent is re-inserted on each failure, so the
  // first entry is always the least recently failed (LRU and TTL order at once).
  private readonly parents = new Map<string, ParentEntry>();

  constructor(
    private readonly limits: ResendMemoryLimits = DEFAULT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.parents.size;
  }

  /** Failed attempts in a row of `key` under `parentId` (0 when none are remembered). */
  failuresOf(parentId: string, key: string): number {
    if (this.parents.size === 0) return 0;
    const entry = this.parents.get(parentId);
    if (!entry) return 0;
    if (this.now() - entry.touchedAt > this.limits.ttlMs) {
      this.parents.delete(parentId);
      return 0;
    }
    return entry.failures.get(key) ?? 0;
  }

  recordFailure(parentId: string, key: string): void {
    const now = this.now();
    let entry = this.parents.get(parentId);
    if (entry) this.parents.delete(parentId);
    else entry = { touchedAt: now, failures: new Map() };
    entry.touchedAt = now;
    const n = (entry.failures.get(key) ?? 0) + 1;
    entry.failures.delete(key);
    entry.failures.set(key, n);
    if (entry.failures.size > this.limits.maxKeys) entry.failures.delete(entry.failures.keys().next().value as string);
    this.parents.set(parentId, entry);
    this.evict(now);
  }

  /** A successful attempt ends the chain: the next identical request is a new one. */
  recordSuccess(parentId: string, key: string): void {
    if (this.parents.size === 0) return;
    const entry = this.parents.get(parentId);
    if (!entry) return;
    entry.failures.delete(key);
    if (entry.failures.size === 0) this.parents.delete(parentId);
  }

  private evict(now: number): void {
    for (const [id, entry] of this.parents) {
      if (this.parents.size <= this.limits.maxParents && now - entry.touchedAt <= this.limits.ttlMs) break;
      this.parents.delete(id);
    }
  }
}
