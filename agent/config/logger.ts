// The agent's own log: one prefix, stderr only, levels from BOTANU_LOG_LEVEL.
// Never throws: a broken stderr must not take the host app down with it.

export type LogLevel = 'none' | 'error' | 'warn' | 'info' | 'debug';
const ORDER: Record<LogLevel, number> = { none: 0, error: 1, warn: 2, info: 3, debug: 4 };

let threshold: number = ORDER.info;
const onceKeys = new Set<string>();

export function setLogLevel(level: LogLevel): void {
  threshold = ORDER[level];
}

function write(level: Exclude<LogLevel, 'none'>, msg: string): void {
  if (ORDER[level] > threshold) return;
  try {
    process.stderr.write(`[botanu] ${level === 'info' ? '' : level + ': '}${msg}\n`);
  } catch {
    // stderr closed: nothing sensible to do
  }
}

export const log = {
  error: (msg: string) => write('error', msg),
  warn: (msg: string) => write('warn', msg),
  info: (msg: string) => write('info', msg),
  debug: (msg: string) => write('debug', msg),
  /** Logs a message once per key for the life of the process. */
  once(level: Exclude<LogLevel, 'none'>, key: string, msg: string): void {
    if (onceKeys.has(key)) return;
    onceKeys.add(key);
    write(level, msg);
  },
};
