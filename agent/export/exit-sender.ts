// Synchronous delivery for the 'exit' event, when no async work can run any
// more: the bodies go to a short-lived child process that POSTs them, and the
// caller blocks on it (bounded). Used by the OTLP/HTTP exporter's sendAtExit.
import type * as ChildProcess from 'node:child_process';

// Reads the headers and the OTLP bodies from stdin (never argv: no secret in `ps`),
// each as a 4-byte length and its bytes, and POSTs the bodies one after another;
// exits 0 only if every one was accepted. Prints nothing.
const SENDER = `
const [url, ct, timeout] = process.argv.slice(1);
const chunks = []; process.stdin.on('data', c => chunks.push(c)); process.stdin.on('end', async () => {
  const all = Buffer.concat(chunks); const parts = [];
  for (let p = 0; p + 4 <= all.length; ) { const n = all.readUInt32BE(p); parts.push(all.subarray(p + 4, p + 4 + n)); p += 4 + n; }
  const headers = JSON.parse(parts.shift().toString()); const u = new URL(url);
  const lib = require(u.protocol === 'https:' ? 'node:https' : 'node:http');
  setTimeout(() => process.exit(1), Number(timeout)).unref();
  let ok = true;
  for (const body of parts) ok = (await new Promise((done) => {
    const req = lib.request(u, { method: 'POST', headers: { ...headers, 'content-type': ct, 'content-length': body.length } }, r => { r.resume(); r.on('end', () => done(r.statusCode >= 200 && r.statusCode < 300)); });
    req.on('error', () => done(false)); req.end(body);
  })) && ok;
  process.exit(ok ? 0 : 1);
});`;

function frame(parts: Uint8Array[]): Buffer {
  const out: Uint8Array[] = [];
  for (const p of parts) {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(p.byteLength);
    out.push(len, p);
  }
  return Buffer.concat(out);
}

/** POSTs each body to url in a child process; true when every one was accepted. */
export function postSyncAtExit(url: string, contentType: string, headers: Record<string, string>, bodies: Uint8Array[], timeoutMs: number): boolean {
  const input = frame([Buffer.from(JSON.stringify(headers)), ...bodies]);
  // No NODE_OPTIONS: the sender must not load the agent (or anything else).
  // child_process (and the net/dgram it loads) only now: never at startup.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sent = (require('node:child_process') as typeof ChildProcess).spawnSync(process.execPath, ['-e', SENDER, url, contentType, String(timeoutMs)], {
    input,
    timeout: timeoutMs,
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { PATH: process.env.PATH ?? '' },
  });
  return sent.status === 0;
}
