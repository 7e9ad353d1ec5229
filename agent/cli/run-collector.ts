// Groups received spans into runs (by botanu.run_id) and reports a run once its
// run span has arrived and nothing new came for it for a quiet period: services
// export in batches, so the last hop's spans can arrive after the entry's.
// Spans arriving after that produce an update.
import { EventEmitter } from 'node:events';
import type { DecodedSpan } from '../devtools/otlp-decode';
import { RUN_ID } from '../attributes';
import { RUN_SPAN_PREFIX, summarizeRun, type RunSummary } from './run-summary';

const MAX_RUNS = 1000; // bounded memory for a long dev session

interface RunState {
  spans: DecodedSpan[];
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
        st = { spans: [], reported: false };
        this.runs.set(runId, st);
        this.evict();
      }
      st.spans.push(s);
      touched.add(runId);
    }
    for (const id of touched) this.schedule(id);
  }

  private schedule(runId: string): void {
    const st = this.runs.get(runId)!;
    if (!st.spans.some((s) => s.name.startsWith(RUN_SPAN_PREFIX) && s.attributes[RUN_ID] === runId)) return;
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
