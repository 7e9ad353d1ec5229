// Shared by the Google and Bedrock LLM tests: span lookups, and installing an
// SDK's previous major beside the current one.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { APP_DIR } from './paths';
import { SPAN_KIND, type DecodedSpan } from './receiver';

export function genAiSpans(spans: DecodedSpan[]): DecodedSpan[] {
  return spans.filter((s) => s.attributes['gen_ai.operation.name'] !== undefined);
}

export function runSpan(spans: DecodedSpan[]): DecodedSpan | undefined {
  return spans.find((s) => s.name.startsWith('botanu.run/'));
}

/** Exactly one GenAI span, carrying the run context of the workflow it ran in, as the run span's child. */
export function theGenAiSpan(spans: DecodedSpan[], workflow: string): DecodedSpan {
  const llm = genAiSpans(spans);
  expect(llm).toHaveLength(1);
  const run = runSpan(spans)!;
  expect(llm[0].attributes['botanu.run_id']).toBe(run.attributes['botanu.run_id']);
  expect(llm[0].attributes['botanu.workflow']).toBe(workflow);
  expect(llm[0].traceId).toBe(run.traceId);
  expect(llm[0].parentSpanId).toBe(run.spanId);
  return llm[0];
}

/** Content capture on: the fixture apps' prompt holds an email, which must arrive scrubbed. */
export function expectScrubbedCapture(span: DecodedSpan, completion: string): void {
  const input = String(span.attributes['gen_ai.input.messages']);
  expect(input).toContain('Say hello to [REDACTED:email]');
  expect(input).not.toContain('jane.doe@example.com');
  expect(String(span.attributes['gen_ai.output.messages'])).toContain(completion);
}

/** HTTP client spans (node:http or undici) whose parent is `parent`. */
export function httpChildren(spans: DecodedSpan[], parent: DecodedSpan): DecodedSpan[] {
  return spans
    .filter((s) => s.parentSpanId === parent.spanId && s.kind === SPAN_KIND.CLIENT && (s.attributes['http.request.method'] !== undefined || s.attributes['http.method'] !== undefined))
    .sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1));
}

/**
 * Puts an installed package (usually an npm alias such as `google-genai-v2`)
 * under its real name in `<app>/llm2/<dir>/node_modules`, with copies of the
 * given fixture scripts beside it: an app started from there loads that
 * version, resolving everything else from the app's own node_modules.
 */
export function appWithPackage(dir: string, from: string, name: string, scripts: string[]): string {
  const root = path.join(APP_DIR, 'llm2', dir);
  const target = path.join(root, 'node_modules', name);
  const source = path.join(APP_DIR, 'node_modules', ...from.split('/'));
  const stamp = path.join(target, '.llm2-source');
  const want = `${source}\n${fs.readFileSync(path.join(source, 'package.json'), 'utf8')}`;
  if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== want) {
    fs.rmSync(target, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.cpSync(source, target, { recursive: true, dereference: true });
    fs.writeFileSync(stamp, want);
  }
  for (const s of scripts) fs.copyFileSync(path.join(APP_DIR, 'llm2', s), path.join(root, s));
  return `llm2/${dir}`;
}

/** Every startup line that says a library version is not covered. */
export function notCoveredLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => /is installed but not covered/.test(l));
}

export interface LocalCert {
  key: string;
  cert: string;
  /** For the app's NODE_EXTRA_CA_CERTS: it trusts this certificate and nothing else changes. */
  certFile: string;
}

/** A self-signed certificate for localhost / 127.0.0.1, made once per install dir with openssl. */
export function localCert(): LocalCert {
  const dir = path.join(path.dirname(APP_DIR), 'llm2-cert');
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  if (!fs.existsSync(certFile)) {
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '30', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
  }
  return { key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8'), certFile };
}
