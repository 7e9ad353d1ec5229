// Groups received spans into runs (by botanu.run_id) and reports a run once its
// run span has arrived and nothing new came for it for a quiet period: services
// export in batches, so the last hop's spans can arrive after the entry's.
// Spans arriving after that produce an update.
import { EventEmitter } from 'node:events';
import type { DecodedSpan } from './receiver/otlp-decode';
import { RUN_ID } from '../run/attributes';
import { RUN_SPAN_PREFIX, summarizeRun, type RunSummary } from './run-summary';

const MAX_RUNS = 1000; // bounded memory for a long dev session
const ORPHAN_QUIET_PERIODS = 4; // how long spans of a run may wait for its run span before we say so

interface RunState {
  spans: DecodedSpan[];
  /** traceId/spanId of the spans kept: delivery is at-least-once (an exporter resends an in-flight batch at exit), a span counts once. */
  ids: Set<string>;
  timer?: NodeJS.Timeout;
  reported: boolean;
  orphanTimer?: NodeJS.Timeout;
}

export interface RunCollectorEvents {
  run: [summary: RunSummary, updated: boolean];
  /** Spans of a run arrived, its run span did not (the entry service exports elsewhere, or not yet). */
  orphan: [runId: string, services: string[], spanCount: number];
}

export class RunCollector extends EventEmitter<RunCollectorEvents> {
  private readonly runs = new Map<string, RunState>();

  constructor(private readonly quietMs: number) {
    super();
  }

  add(spans: DecodedSpan[]): void {
    const touched = new Set<string>();
    for (const s of spans) {
      const runId = s.attributes[RUN_ID];
      if (typeof runId !== 'string' || !runId) continue;
      let st = this.runs.get(runId);
      if (!st) {
        st = { spans: [], ids: new Set(), reported: false };
        this.runs.set(runId, st);
        this.evict();
      }
      const id = `${s.traceId}/${s.spanId}`;
      if (st.ids.has(id)) continue;
      st.ids.add(id);
      st.spans.push(s);
      touched.add(runId);
    }
    for (const id of touched) this.schedule(id);
  }

  private schedule(runId: string): void {
    const st = this.runs.get(runId)!;
    if (!st.spans.some((s) => s.name.startsWith(RUN_SPAN_PREFIX) && s.attributes[RUN_ID] === runId)) {
      st.orphanTimer ??= setTimeout(() => {
        const services = [...new Set(st.spans.map((s) => String(s.resource['service.name'] ?? 'unknown')))];
        this.emit('orphan', runId, services, st.spans.length);
      }, this.quietMs * ORPHAN_QUIET_PERIODS);
      return;
    }
    clearTimeout(st.orphanTimer);
    clearTimeout(st.timer);
    st.timer = setTimeout(() => this.report(runId), this.quietMs);
  }

  private report(runId: string): void {
    const st = this.runs.get(runId);
    if (!st) return;
    st.timer = undefined;
    const summary = summarizeRun(runId, st.spans);
    if (!summary) return;
    const updated = st.reported;
    st.reported = true;
    this.emit('run', summary, updated);
  }

  private evict(): void {
    while (this.runs.size > MAX_RUNS) {
      const [oldest, st] = this.runs.entries().next().value as [string, RunState];
      clearTimeout(st.timer);
      clearTimeout(st.orphanTimer);
      this.runs.delete(oldest);
    }
  }

  /** Reports every run whose quiet period is still running (on shutdown). */
  flush(): void {
    for (const [id, st] of this.runs) {
      clearTimeout(st.orphanTimer);
      if (st.timer) {
        clearTimeout(st.timer);
        this.report(id);
      }
    }
  }
}
