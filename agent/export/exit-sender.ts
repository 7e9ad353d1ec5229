// Synchronous delivery for the 'exit' event, when no async work can run any
// more: the bodies go to a short-lived child process that sends them, and the
// caller blocks on it (bounded). Each exporter's sendAtExit brings the script
// that speaks its transport (OTLP/HTTP's is here; OTLP/gRPC's is in its exporter).
import type * as ChildProcess from 'node:child_process';
import type { TlsFiles } from '../config/config';

/** What a sender script reads first: where to send, with which headers and TLS files. */
export interface SenderTarget {
  url: string;
  contentType: string;
  headers: Record<string, string>;
  tls?: TlsFiles;
  timeoutMs: number;
}

// The common part of every sender script: reads the target and the bodies from
// stdin (never argv: no secret in `ps`), each as a 4-byte length and its bytes,
// then calls the script's `send(target, body)` (a promise of true when accepted)
// for each body; exits 0 only if every one was accepted. Prints nothing.
const PRELUDE = `
const chunks = []; process.stdin.on('data', c => chunks.push(c)); process.stdin.on('end', async () => {
  const all = Buffer.concat(chunks); const parts = [];
  for (let p = 0; p + 4 <= all.length; ) { const n = all.readUInt32BE(p); parts.push(all.subarray(p + 4, p + 4 + n)); p += 4 + n; }
  const target = JSON.parse(parts.shift().toString());
  setTimeout(() => process.exit(1), target.timeoutMs).unref();
  let ok = true;
  for (const body of parts) ok = (await send(target, body).catch(() => false)) && ok;
  process.exit(ok ? 0 : 1);
});`;

// OTLP/HTTP: one POST per body.
const HTTP_SEND = `
function send(t, body) {
  const u = new URL(t.url); const lib = require(u.protocol === 'https:' ? 'node:https' : 'node:http');
  return new Promise((done) => {
    const req = lib.request(u, { method: 'POST', ...(t.tls || {}), headers: { ...t.headers, 'content-type': t.contentType, 'content-length': body.length } }, r => { r.resume(); r.on('end', () => done(r.statusCode >= 200 && r.statusCode < 300)); });
    req.on('error', () => done(false)); req.end(body);
  });
}`;

function frame(parts: Uint8Array[]): Buffer {
  const out: Uint8Array[] = [];
  for (const p of parts) {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(p.byteLength);
    out.push(len, p);
  }
  return Buffer.concat(out);
}

/** Runs `sendFn` (a script defining `function send(target, body)`) over each body in a child process; true when every one was accepted. */
export function sendSyncAtExit(sendFn: string, target: SenderTarget, bodies: Uint8Array[]): boolean {
  const input = frame([Buffer.from(JSON.stringify(target)), ...bodies]);
  // No NODE_OPTIONS: the sender must not load the agent (or anything else).
  // child_process (and the net/dgram it loads) only now: never at startup.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sent = (require('node:child_process') as typeof ChildProcess).spawnSync(process.execPath, ['-e', sendFn + PRELUDE], {
    input,
    timeout: target.timeoutMs,
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { PATH: process.env.PATH ?? '' },
  });
  return sent.status === 0;
}

/** POSTs each body to url in a child process; true when every one was accepted. */
export function postSyncAtExit(target: SenderTarget, bodies: Uint8Array[]): boolean {
  return sendSyncAtExit(HTTP_SEND, target, bodies);
}
