// The undici client spans' URL attributes (instrumentations/undici-client/request-url.ts)
// are exactly what `new URL(path, origin)` gives, for the paths the fast path
// takes and for every one it must hand to the parser. (Pure: tested directly.)
import { requestUrl } from '../instrumentations/undici-client/request-url';

function viaParser(path: string, origin: string) {
  const u = new URL(path, origin);
  const scheme = u.protocol.replace(':', '');
  const port = u.port || ({ http: '80', https: '443' } as Record<string, string>)[scheme];
  return { full: u.toString(), path: u.pathname, query: u.search, scheme, address: u.hostname, port: port ? Number(port) : undefined };
}

const ORIGINS = ['http://127.0.0.1:8080', 'https://api.example.com', 'http://localhost', 'http://[::1]:3000', 'http://LOCALHOST:80', 'https://example.com:443', 'http://127.1', 'http://xn--nxasmq6b.com', 'http://a.b.c:65535', 'https://EXAMPLE.com/'];
const PATHS = ['/', '/a', '/a/b?c=d&e=f', '/a?', '/a??b', '/%41%zz', '/a b', '/ü', '/{x}|^`', '/a/../b', '/a/./b', '/%2e%2E/x', '/.well-known/x', '//authority/x', '/back\\slash', "/q?o'brien", '/q?x=[1]', '/q?a=b#frag', '/tab\tin', '/semi;colon:at@', "/it's", '/a%2fb', '/v1/chat/completions', '/models/gemini:generateContent?alt=sse'];

test('the same url.full, url.path, url.query, url.scheme, server.address and server.port as the URL parser', () => {
  for (const origin of ORIGINS) for (const path of PATHS) expect({ origin, path, got: requestUrl(path, origin) }).toEqual({ origin, path, got: viaParser(path, origin) });
});

test('random paths from a wide alphabet agree with the parser', () => {
  const alphabet = "abcXYZ019-._~!$&'()*+,;=:@/%?#[]{}|^`\\\" <>é\t";
  let seed = 42;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
  for (let i = 0; i < 20_000; i++) {
    let p = '/';
    const len = rnd(16);
    for (let j = 0; j < len; j++) p += alphabet[rnd(alphabet.length)];
    expect({ p, got: requestUrl(p, 'http://127.0.0.1:9') }).toEqual({ p, got: viaParser(p, 'http://127.0.0.1:9') });
  }
});

test('what the parser rejects throws (the request then gets no span, as upstream)', () => {
  expect(() => requestUrl('/x', 'not a url')).toThrow();
  expect(() => requestUrl(undefined, undefined)).toThrow();
});
