// BOTANU_LOG_LEVEL (the agent's own lines) and OTEL_LOG_LEVEL (OpenTelemetry's diag logger).
import { linesMentioning, probe } from '../helpers/probe';

test('BOTANU_LOG_LEVEL default info: exactly one startup line', async () => {
  const r = await probe({});
  expect(r.stderr.split('\n').filter((l) => l.startsWith('[botanu]'))).toHaveLength(1);
});

test('BOTANU_LOG_LEVEL=warn is silent on a healthy start; =debug says more', async () => {
  expect((await probe({ BOTANU_LOG_LEVEL: 'warn' })).stderr).toBe('');
  expect((await probe({ BOTANU_LOG_LEVEL: 'debug' })).stderr).toMatch(/\[botanu\] debug: /);
});

test('BOTANU_LOG_LEVEL invalid: one warning, info used', async () => {
  const r = await probe({ BOTANU_LOG_LEVEL: 'loud' });
  expect(linesMentioning(r.stderr, 'BOTANU_LOG_LEVEL')).toHaveLength(1);
  expect(r.stderr).toMatch(/\[botanu\] agent /);
});

test('OTEL_LOG_LEVEL=debug turns on OpenTelemetry diagnostics; unset keeps them off', async () => {
  expect((await probe({ OTEL_LOG_LEVEL: 'debug' })).stderr).toMatch(/\[otel\] debug: /);
  expect((await probe({})).stderr).not.toMatch(/\[otel\]/);
});

test('OTEL_LOG_LEVEL invalid: one warning', async () => {
  const r = await probe({ OTEL_LOG_LEVEL: 'chatty' });
  expect(r.code).toBe(0);
  expect(linesMentioning(r.stderr, 'OTEL_LOG_LEVEL')).toHaveLength(1);
});
