// No credential in a URL reaches the collector: a service that receives and makes
// requests with a secret in every sensitive query parameter (the default list,
// in several spellings) and with user:password@, through node:http, fetch, axios
// and undici.request. Server and client spans keep path, host and the other
// parameters; the secrets are nowhere, neither in decoded attributes nor in the
// exported bytes. With the app's own OpenTelemetry SDK registered, what its own
// exporter receives is redacted too.
import { runToEnd } from './helpers/app';
import { leaks } from './helpers/planted';
import { OtlpReceiver, SPAN_KIND, type DecodedSpan } from './helpers/receiver';

const DEFAULT_KEYS = ['key', 'api_key', 'apikey', 'api-key', 'access_token', 'id_token', 'refresh_token', 'token', 'client_secret', 'password', 'passwd', 'secret', 'code', 'sig', 'signature', 'Signature', 'AWSAccessKeyId', 'X-Amz-Signature', 'X-Amz-Credential', 'X-Amz-Security-Token', 'X-Goog-Signature', 'X-Goog-Credential'];
// Other spellings the rule must match (case-insensitive): as some clients write them.
const SPELLINGS = ['API_KEY', 'Access_Token', 'x-amz-signature', 'TOKEN'];
const planted = (i: number) => `PLANTED${i}q${(i * 7919).toString(36)}`;
const PARAMS = [...DEFAULT_KEYS, ...SPELLINGS];
const SECRETS = PARAMS.map((_, i) => planted(i));
const USERINFO_PASSWORD = 'PLANTEDuserinfoPw';
// Non-sensitive parameters stay (routes, pagination, the Gemini stream flag).
const QUERY = [...PARAMS.map((k, i) => `${k}=${SECRETS[i]}`), 'alt=sse', 'page=2'].join('&');
const VIAS = ['http', 'fetch', 'axios', 'undici'];
const PATH = '/v1beta/models/gemini-2.5-flash:generateContent';

let botanuRecv: OtlpReceiver;
let appRecv: OtlpReceiver;
beforeEach(async () => {
  botanuRecv = await new OtlpReceiver({ keepRawBodies: true }).start();
  appRecv = await new OtlpReceiver({ keepRawBodies: true }).start();
});
afterEach(() => Promise.all([botanuRecv.stop(), appRecv.stop()]));

const str = (v: unknown) => (v === undefined ? '' : String(v));
const urlOf = (s: DecodedSpan) => str(s.attributes['url.full'] ?? s.attributes['http.url']);
const queryOf = (s: DecodedSpan) => str(s.attributes['url.query'] ?? s.attributes['http.target']);

/** Every sensitive parameter present with the value REDACTED, and the others kept. */
function expectRedactedQuery(text: string): void {
  for (const k of PARAMS) expect(text).toContain(`${k}=REDACTED`);
  expect(text).toContain('alt=sse');
  expect(text).toContain('page=2');
}

function expectRedactedSpans(spans: DecodedSpan[], vias: string[]): void {
  for (const via of vias) {
    const client = spans.find((s) => s.kind === SPAN_KIND.CLIENT && urlOf(s).includes(`/via-${via}${PATH}?`));
    expect({ via, client: !!client }).toEqual({ via, client: true });
    expect(urlOf(client!)).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/via-${via}${PATH}\\?`));
    expectRedactedQuery(urlOf(client!));
    const server = spans.find((s) => s.kind === SPAN_KIND.SERVER && str(s.attributes['url.path'] ?? s.attributes['http.target']).startsWith(`/via-${via}${PATH}`));
    expect({ via, server: !!server }).toEqual({ via, server: true });
    expectRedactedQuery(queryOf(server!));
  }
}

test.each(['require', 'import'] as const)('--%s: server and client spans of node:http, fetch, axios and undici.request carry no query secret and no userinfo', async (preload) => {
  const res = await runToEnd('safety/url-secrets.cjs', {
    preload,
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: botanuRecv.url, OTEL_SERVICE_NAME: 'url-secrets', QUERY, USERINFO_PASSWORD },
  });
  expect({ code: res.code, stdout: res.stdout.trim(), stderr: res.stderr }).toEqual({ code: 0, stdout: 'DONE', stderr: expect.not.stringMatching(/error|fail|warn/i) });
  const spans = await botanuRecv.waitFor((all) => all.some((s) => s.name === 'botanu.run/url-secrets') && all.filter((s) => s.kind === SPAN_KIND.SERVER).length >= 6);
  expectRedactedSpans(spans, VIAS);
  // user:password@ in the request URL: node:http and axios (which turns it into auth).
  for (const via of ['http', 'axios']) {
    const client = spans.find((s) => s.kind === SPAN_KIND.CLIENT && urlOf(s).includes(`/userinfo-${via}`))!;
    expect(urlOf(client)).toMatch(new RegExp(`^http://REDACTED:REDACTED@127\\.0\\.0\\.1:\\d+/userinfo-${via}$`));
  }
  expect(leaks(botanuRecv, [...SECRETS, USERINFO_PASSWORD, 'botanu-user'])).toEqual([]);
});

test("with the app's own OpenTelemetry SDK: its exporter, and botanu, receive redacted spans", async () => {
  const res = await runToEnd('safety/url-secrets.cjs', {
    preload: 'require',
    env: {
      BOTANU_COLLECTOR_ENDPOINT: botanuRecv.url,
      APP_SDK: '1',
      APP_OTLP_URL: `${appRecv.url}/v1/traces`,
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      QUERY,
      USERINFO_PASSWORD,
    },
  });
  expect({ code: res.code, stdout: res.stdout.trim(), stderr: res.stderr }).toEqual({ code: 0, stdout: 'DONE', stderr: expect.not.stringMatching(/error|fail/i) });
  expect(res.stderr).toMatch(/the app registered its OpenTelemetry provider|existing OpenTelemetry provider detected/);
  // The app's own pipeline: its http instrumentation's server and client spans.
  const appSpans = await appRecv.waitFor((all) => all.filter((s) => s.kind === SPAN_KIND.SERVER).length >= 6);
  expectRedactedSpans(appSpans, ['http', 'axios', 'undici', 'fetch'].filter((v) => appSpans.some((s) => urlOf(s).includes(`/via-${v}/`))));
  expect(appSpans.some((s) => urlOf(s).includes('/via-http/'))).toBe(true);
  const botanuSpans = await botanuRecv.waitFor((all) => all.some((s) => s.name === 'botanu.run/url-secrets') && all.filter((s) => s.kind === SPAN_KIND.SERVER).length >= 6);
  expectRedactedSpans(botanuSpans, VIAS);
  expect(leaks(appRecv, [...SECRETS, USERINFO_PASSWORD, 'botanu-user'])).toEqual([]);
  expect(leaks(botanuRecv, [...SECRETS, USERINFO_PASSWORD, 'botanu-user'])).toEqual([]);
});
