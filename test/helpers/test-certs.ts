// A throwaway PKI for TLS tests (openssl): a CA, a server certificate for
// 127.0.0.1 and localhost, and a client certificate (clientAuth), both signed by it.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface TestCerts {
  dir: string;
  /** A file's path in the directory (ca.pem, server.key, server.pem, client.key, client.pem). */
  file(name: string): string;
  /** A file's PEM text. */
  pem(name: string): string;
  remove(): void;
}

export function makeTestCerts(prefix: string): TestCerts {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=test-ca');
  for (const [name, ext] of [['server', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], ['client', 'extendedKeyUsage=clientAuth']]) {
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    fs.writeFileSync(path.join(dir, `${name}.ext`), ext + '\n');
    ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`);
  }
  return {
    dir,
    file: (name) => path.join(dir, name),
    pem: (name) => fs.readFileSync(path.join(dir, name), 'utf8'),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
