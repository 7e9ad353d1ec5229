// Groups received spans into runs (by botanu.run_id) and reports a run once its
// run span has arrived and nothing new came for it for a quiet period: services
// export in batches, so the last hop's spans can arrive after the entry's.
// Spans arriving after that produce an update. A run whose run span does not
// arrive within a few quiet periods (its entry service exports elsewhere) is
// reported with what is known, marked partial; it becomes whole if it arrives.
import { EventEmitter } from 'node:events';
import type { DecodedSpan } from './receiver/otlp-decode';
import { RUN_ID } from '../run/attributes';
import { hasRunSpan, summarizeRun, type RunSummary } from './run-summary';

const MAX_RUNS = 1000; // bounded memory for a long dev session
const PARTIAL_QUIET_PERIODS = 4; // how long spans of a run wait for its run span before it is shown partial

interface RunState {
  spans: DecodedSpan[];
  /** traceId/spanId of the spans kept: delivery is at-least-once (an exporter resends an in-flight batch at exit), a span counts once. */
  ids: Set<string>;
  timer?: NodeJS.Timeout;
  reported: boolean;
}

export interface RunCollectorEvents {
  run: [summary: RunSummary, updated: boolean];
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
    clearTimeout(st.timer);
    // Without its run span, wait longer: the entry service's batch may still be on its way.
    const wait = hasRunSpan(runId, st.spans) || st.reported ? this.quietMs : this.quietMs * PARTIAL_QUIET_PERIODS;
    st.timer = setTimeout(() => this.report(runId), wait);
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
      this.runs.delete(oldest);
    }
  }

  /** Reports every run whose quiet period is still running (on shutdown). */
  flush(): void {
    for (const [id, st] of this.runs) {
      if (st.timer) {
        clearTimeout(st.timer);
        this.report(id);
      }
    }
  }
}
