// One HTTP and one HTTPS server and a list of requests to them, each case on its
// own path (/case/<name>): server spans for odd request lines and headers
// (written raw on a socket), client spans for each way node:http is called.
// Run with the agent, or with upstream-sdk.cjs and no agent: the test compares.
const http = require('node:http');
const https = require('node:https');
const net = require('node:net');
const fs = require('node:fs');

const tls = { key: fs.readFileSync(process.env.TLS_KEY), cert: fs.readFileSync(process.env.TLS_CERT) };
const handler = (req, res) => {
  const name = (req.url.match(/\/case\/([\w-]+)/) ?? [])[1] ?? '';
  req.resume();
  req.on('end', () => {
    if (name === 'missing') return void res.writeHead(404).end('no');
    if (name === 'fails') return void res.writeHead(500).end('boom');
    if (name === 'abort') return; // the client goes away first
    if (name === 'late') return void setTimeout(() => res.end('late'), 300);
    res.setHeader('content-type', 'text/plain');
    res.end('ok');
  });
};
const server = http.createServer(handler);
const secure = https.createServer(tls, handler);

const listen = (s, host) => new Promise((r) => s.listen(0, host, () => r(s.address().port)));
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

function raw(port, text, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const s = net.connect(port, host, () => s.end(text));
    s.on('data', () => {});
    s.on('error', () => resolve());
    s.on('close', () => resolve());
  });
}

function call(fn) {
  return new Promise((resolve) => {
    let req;
    const done = () => resolve();
    try {
      req = fn((res) => {
        res.resume();
        res.on('end', done);
        res.on('error', done);
      });
    } catch {
      return resolve();
    }
    req.on('error', done);
    return req;
  });
}

async function main() {
  const port = await listen(server, '::');
  const sport = await listen(secure, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  const agent = new https.Agent({ ca: tls.cert });
  const line = (target, headers = [`Host: 127.0.0.1:${port}`], method = 'GET', version = '1.1') =>
    `${method} ${target} HTTP/${version}\r\n${headers.join('\r\n')}${headers.length ? '\r\n' : ''}Connection: close\r\n\r\n`;

  // Server spans: request lines and headers as clients send them.
  const rawCases = [
    line('/case/plain'),
    line('/case/query?a=1&b=two%20words&c=x+y&flag&e=%zz'),
    line('/case/encoded/%41%2F%e2%82%ac/x'),
    line('/case/dots/../case/dotted'),
    line('/case/pct-dot/%2e%2E/x'),
    line('/case/utf8/é'),
    line('/case/chars/a:b@c!d$e&f(g)h*i,j;k=l~m'),
    line('/case/quote"less<gt>`b{c}|d^e'),
    line('/case/hash#frag'),
    line('//case/double-slash'),
    line('http://other.example:8080/case/absolute?q=1'),
    line('/case/no-host', []),
    line('/case/http10', [], 'GET', '1.0'),
    line('/case/host-default-port', ['Host: example.com']),
    line('/case/host-upper', ['Host: EXAMPLE.com:81']),
    line('/case/host-ipv6', [`Host: [::1]:${port}`]),
    line('/case/host-ipv6-noport', ['Host: [::1]']),
    line('/case/host-bad-port', ['Host: example.com:99999']),
    line('/case/host-empty-port', ['Host: example.com:']),
    line('/case/host-numeric', ['Host: 999.1.1.1']),
    line('/case/host-short-ip', ['Host: 127.1']),
    line('/case/host-hex', ['Host: a.0x1f']),
    line('/case/host-number-label', ['Host: a.1']),
    line('/case/host-punycode', ['Host: xn--zz.example']),
    line('/case/host-underscore', ['Host: my_host.local']),
    line('/case/host-space', ['Host: a b']),
    line('/case/host-hyphen', ['Host: -a-.example']),
    line('/case/host-trailing-dot', ['Host: example.com.:80']),
    line('/case/xfh', ['Host: internal:1', 'X-Forwarded-Host: public.example', 'X-Forwarded-Proto: https']),
    line('/case/xfh-noproto', ['Host: internal:1', 'X-Forwarded-Host: public.example:8443']),
    line('/case/xff', [`Host: 127.0.0.1:${port}`, 'X-Forwarded-For: 203.0.113.7:1234, 10.0.0.1']),
    line('/case/xff-v6', [`Host: 127.0.0.1:${port}`, 'X-Forwarded-For: [2001:db8::1]:99']),
    line('/case/forwarded', [`Host: 127.0.0.1:${port}`, 'Forwarded: for="[2001:db8::2]:4711";host=fwd.example:444;proto=https']),
    line('/case/forwarded-bad', [`Host: 127.0.0.1:${port}`, 'Forwarded: ;;=']),
    line('/case/method-other', undefined, 'PROPFIND'),
    line('/case/method-head', undefined, 'HEAD'),
    line('/case/ua', [`Host: 127.0.0.1:${port}`, 'User-Agent: diff/1.0']),
    line('/case/traceparent', [`Host: 127.0.0.1:${port}`, 'traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01']),
    line('/case/missing'),
    line('/case/fails'),
    line('*', [`Host: 127.0.0.1:${port}`], 'OPTIONS'),
  ];
  for (const text of rawCases) await raw(port, text);
  await raw(port, line('/case/ipv6-peer', [`Host: [::1]:${port}`]), '::1');

  // A client that goes away before the answer.
  await new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(line('/case/abort')));
    setTimeout(() => s.destroy(), 100);
    s.on('close', resolve);
  });

  // Client spans (and their server spans): the ways node:http is called.
  await call((cb) => http.get(`${base}/case/get-string?x=1&y=a b`, cb));
  await call((cb) => http.get(new URL(`${base}/case/get-url?z=%7E`), cb));
  await call((cb) => http.request({ host: '127.0.0.1', port, path: '/case/options', method: 'post', headers: { 'user-agent': 'opts/1' } }, cb).end('body'));
  await call((cb) => http.request({ hostname: 'localhost', port, path: '/case/hostname' }, cb).end());
  await call((cb) => http.request(`${base}/case/url-plus-options`, { method: 'PUT', headers: { 'x-a': '1' } }, cb).end('{}'));
  await call((cb) => http.request({ host: `127.0.0.1:${port}`, port, path: '/case/host-with-port' }, cb).end());
  await call((cb) => http.get(`http://[::1]:${port}/case/ipv6-client`, cb));
  await call((cb) => http.get(`http://user:secret@127.0.0.1:${port}/case/userinfo`, cb));
  await call((cb) => http.get({ host: '127.0.0.1', port, path: '/case/missing' }, cb));
  await call((cb) => http.get({ host: '127.0.0.1', port, path: '/case/fails' }, cb));
  await call((cb) => http.request({ host: '127.0.0.1', port, path: '/case/custom-method', method: 'PURGE' }, cb).end());
  await call((cb) => https.get(`https://127.0.0.1:${sport}/case/https-string`, { agent }, cb));
  await call((cb) => https.request({ host: '127.0.0.1', port: sport, path: '/case/https-options', agent }, cb).end());
  await call((cb) => http.get({ host: '127.0.0.1', port: 1, path: '/case/refused' }, cb));
  await call((cb) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/case/late', timeout: 50 }, cb);
    req.on('timeout', () => req.destroy(new Error('client timeout')));
    return req;
  });
  await call((cb) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/case/late' }, cb);
    setTimeout(() => req.destroy(), 50);
    return req;
  });
  await pause(600);
  if (globalThis.__flush) await globalThis.__flush();
  console.log('DONE');
  server.close();
  secure.close();
  agent.destroy();
}
main();
