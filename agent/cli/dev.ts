// `botanu-agent dev`: the tests' OTLP receiver, printing one block per run with
// what it cost, and a cost rollup at the end; with `-- <command>` it runs the
// command against itself and checks cost budgets (CI).
import { OtlpReceiver } from './receiver/otlp-receiver';
import type { DecodedSpan } from './receiver/otlp-decode';
import { RUN_ID } from '../run/attributes';
import { CHECK_SPAN_NAME } from './live-check';
import { formatRunBlock } from './run-block';
import { RunCollector } from './run-collector';
import type { UrlSecretRule } from '../config/url-secrets';
import type { BudgetRule } from './cost/budget';
import { DevCost, runRecord } from './cost/dev-cost';
import { commandEnv, startCommand } from './dev-command';

export interface DevOptions {
  port: number;
  host: string;
  json: boolean;
  quietMs: number;
  /** The agent's URL-credential rule (with the app's BOTANU_REDACT_QUERY_PARAMS): spans from any SDK print redacted. */
  urls: UrlSecretRule;
  budgets: BudgetRule[];
  outFile?: string;
  rollupEvery: number;
  /** Run this command against the receiver, then stop (empty: run until Ctrl-C). */
  command: string[];
  /** The command's environment before dev points it at the receiver. */
  appEnv: NodeJS.ProcessEnv;
}

const bigintAsString = (_k: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v);

function write(text: string): void {
  try {
    process.stdout.write(text + '\n');
  } catch {
    /* stdout closed: nothing to do */
  }
}

export async function runDev(opts: DevOptions): Promise<number> {
  const receiver = new OtlpReceiver({ port: opts.port, host: opts.host });
  const collector = new RunCollector(opts.quietMs);
  const cost = new DevCost(opts, write);
  const outError = cost.prepare();
  if (outError) {
    process.stderr.write(outError + '\n');
    return 2;
  }
  try {
    await receiver.start();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    process.stderr.write(`botanu-agent dev: cannot listen on ${opts.host}:${opts.port} (${e.code ?? e.message})${e.code === 'EADDRINUSE' ? '; another collector is running there, use --port N' : ''}\n`);
    return 1;
  }

  collector.on('run', (summary, updated) => {
    const c = cost.price(summary);
    if (opts.json) write(JSON.stringify(runRecord({ summary, cost: c }, updated)));
    else write(formatRunBlock(summary, updated, c) + '\n');
    cost.afterRun(updated);
  });
  // Spans outside any run are counted, not dropped silently: a user whose entry
  // service lacks botanuWorkflow must still see that telemetry arrives.
  const outside = new Map<string, number>();
  let outsideTimer: NodeJS.Timeout | undefined;
  const reportOutside = () => {
    outsideTimer = undefined;
    const parts = [...outside].map(([svc, n]) => `${svc} ${n}`);
    outside.clear();
    write(`· spans outside any run (no botanuWorkflow around them): ${parts.join(', ')}\n`);
  };
  let lastSpansAt = Date.now();
  receiver.on('spans', (spans: DecodedSpan[]) => {
    lastSpansAt = Date.now();
    receiver.clear(); // the collector keeps what it needs; the receiver must not grow for hours
    for (const s of spans) {
      opts.urls.redactSpan(s);
      opts.urls.redactAttributes(s.resource);
      for (const l of s.links) opts.urls.redactAttributes(l.attributes);
    }
    if (opts.json) for (const s of spans) write(JSON.stringify({ type: 'span', ...s }, bigintAsString));
    else {
      for (const s of spans) {
        const svc = String(s.resource['service.name'] ?? 'unknown');
        if (s.name === CHECK_SPAN_NAME) write(`· doctor check span received from service ${svc}\n`);
        else if (typeof s.attributes[RUN_ID] !== 'string') outside.set(svc, (outside.get(svc) ?? 0) + 1);
      }
      if (outside.size && !outsideTimer) outsideTimer = setTimeout(reportOutside, opts.quietMs);
    }
    collector.add(spans);
  });
  receiver.on('error-decoding', (err: Error) => process.stderr.write(`botanu-agent dev: could not decode an export request (${err.message})\n`));

  const url = `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${receiver.port}`;
  const end = async (): Promise<number> => {
    collector.flush();
    if (outsideTimer) {
      clearTimeout(outsideTimer);
      reportOutside();
    }
    await receiver.stop();
    return cost.finish();
  };

  if (opts.command.length) {
    process.stderr.write(`botanu-agent dev: OTLP receiver listening on ${url}; running ${opts.command.join(' ')} with the agent preloaded\n`);
    const cmd = startCommand(opts.command, commandEnv(opts.appEnv, url, process.cwd()), opts.json);
    // Ctrl-C reaches the command from the terminal itself; dev stays up to report what it did.
    process.on('SIGINT', () => undefined);
    process.on('SIGTERM', () => cmd.kill('SIGTERM'));
    const code = await cmd.exited;
    // The command's processes export their last spans as they exit: wait until nothing arrives for a quiet period.
    const deadline = Date.now() + Math.max(10 * opts.quietMs, 5000);
    do await new Promise((r) => setTimeout(r, Math.max(50, opts.quietMs - (Date.now() - lastSpansAt))));
    while (Date.now() - lastSpansAt < opts.quietMs && Date.now() < deadline);
    const budgetCode = await end();
    if (code !== 0) process.stderr.write(`botanu-agent dev: the command exited with code ${code}\n`);
    return code || budgetCode;
  }

  const keys = !opts.json && process.stdin.isTTY ? ' or press r for the cost rollup' : '';
  process.stderr.write(
    `botanu-agent dev: OTLP receiver listening on ${url} (http/protobuf and http/json)\n` +
      `  start your services with OTEL_EXPORTER_OTLP_ENDPOINT=${url} (OTEL_BSP_SCHEDULE_DELAY=200 shows runs sooner); Ctrl-C to stop${keys}\n`,
  );

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      if (keys) {
        process.stdin.setRawMode(false);
        process.stdin.pause();
      }
      end().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (keys) {
      // Raw mode: keys arrive one by one, and Ctrl-C arrives as a key, not as SIGINT.
      process.stdin.setRawMode(true);
      process.stdin.on('data', (k: Buffer) => {
        const key = k.toString();
        if (key === '\u0003' || key === 'q') stop();
        else if (key === 'r') cost.printRollup();
      });
      process.stdin.resume();
    }
  });
}
