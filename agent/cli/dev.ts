// `botanu-agent dev`: the tests' OTLP receiver, printing one block per run.
import { OtlpReceiver } from './receiver/otlp-receiver';
import type { DecodedSpan } from './receiver/otlp-decode';
import { RUN_ID } from '../run/attributes';
import { CHECK_SPAN_NAME } from './live-check';
import { formatRunBlock } from './run-block';
import { RunCollector } from './run-collector';

export interface DevOptions {
  port: number;
  host: string;
  json: boolean;
  quietMs: number;
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
  try {
    await receiver.start();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    process.stderr.write(`botanu-agent dev: cannot listen on ${opts.host}:${opts.port} (${e.code ?? e.message})${e.code === 'EADDRINUSE' ? '; another collector is running there, use --port N' : ''}\n`);
    return 1;
  }

  collector.on('run', (summary, updated) => {
    if (opts.json) write(JSON.stringify({ type: 'run', updated, ...summary }));
    else write(formatRunBlock(summary, updated) + '\n');
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
  receiver.on('spans', (spans: DecodedSpan[]) => {
    receiver.clear(); // the collector keeps what it needs; the receiver must not grow for hours
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
  process.stderr.write(
    `botanu-agent dev: OTLP receiver listening on ${url} (http/protobuf and http/json)\n` +
      `  start your services with OTEL_EXPORTER_OTLP_ENDPOINT=${url} (OTEL_BSP_SCHEDULE_DELAY=200 shows runs sooner); Ctrl-C to stop\n`,
  );

  return new Promise<number>((resolve) => {
    const stop = () => {
      collector.flush();
      if (outsideTimer) {
        clearTimeout(outsideTimer);
        reportOutside();
      }
      receiver.stop().then(() => resolve(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
