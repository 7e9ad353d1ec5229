// server.address / server.port of an SDK client's base URL (semconv: the bare
// host, IPv6 without brackets, the scheme's default port when none is given).

export interface ServerAddress {
  address?: string;
  port?: number;
}

export function serverOf(baseURL: unknown): ServerAddress & { url?: URL } {
  try {
    const url = new URL(String(baseURL));
    return { url, address: url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase(), port: Number(url.port || (url.protocol === 'http:' ? 80 : 443)) };
  } catch {
    return {};
  }
}
