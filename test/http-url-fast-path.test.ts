// The server span's url.path is read without a URL object when the request
// target and Host header are plain (instrumentations/http/server-attributes.ts).
// On every combination of these targets and hosts it must equal what
// `new URL(target, scheme://host)` gives (nothing when that throws), as upstream read it.
import { pathAndSearch } from '../instrumentations/http/server-attributes';

const TARGETS = [
  '/', '/a', '/a/b/c', '/work/1', '/a.json', '/v1.2/x', '/a/./b', '/a/../b', '/..', '/.', '/a/.', '/a/..', '/.a', '/..a', '/a..', '/a/.../b',
  '/%2e/x', '/%2E%2e/x', '/a%2eb', '/%41%zz%', '/a:b@c!d$e&f(g)h*i,j;k=l~m', "/a'b", '/a b', '/a"b', '/a<b>', '/a`b', '/a{b}', '/a|b', '/a^b',
  '/a\\b', '//a', '///a', '/a//b', '/a?b', '/a#b', '/é', '/\u0001', '*', 'http://x/y', '', 'a', '/a/b/', '/-_~',
];
const HOSTS = [
  undefined, 'localhost', 'example.com', 'EXAMPLE.com:81', '127.0.0.1', '127.0.0.1:3000', '999.1.1.1', '127.1', 'a.0x1f', 'a.1', 'a.b1', '1a.b',
  'xn--zz.example', 'XN--zz', 'a-b.c', '-a-.example', 'a..b', 'a.', 'example.com.:80', 'example.com:', 'example.com:99999', 'example.com:65535',
  '[::1]', '[::1]:80', 'a b', 'my_host', 'a:b:c', '256.1.1.1', '0x7f.1', '01.02.03.04', '1.2.3.4.5',
];

test.each(['http', 'https'])('%s: fast path equals the URL parser', (scheme) => {
  for (const host of HOSTS) {
    for (const target of TARGETS) {
      let want: { pathname?: string; search?: string } = {};
      try {
        const u = new URL(target || '/', `${scheme}://${host || 'localhost'}`);
        want = { pathname: u.pathname, search: u.search };
      } catch {
        /* upstream had nothing */
      }
      expect({ host, target, ...pathAndSearch(target || undefined, host, scheme) }).toEqual({ host, target, ...want });
    }
  }
});
