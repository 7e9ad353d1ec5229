// server.address / server.port of an SDK client's base URL or API endpoint, the
// one rule for every LLM instrumentation (semconv: the bare host, lower case,
// IPv6 without brackets, the scheme's default port when none is given). A bare
// host ("us-central1-aiplatform.googleapis.com") counts as https.

export interface ServerAddress {
  serverAddress?: string;
  serverPort?: number;
}

/** The fields GenAiRequest takes, so `...serverOf(base)` fills them; {} when there is no parsable URL. */
export function serverOf(baseURL: unknown): ServerAddress {
  const text = typeof baseURL === 'string' ? baseURL : baseURL instanceof URL ? baseURL.href : '';
  if (!text) return {};
  try {
    const url = new URL(text.includes('://') ? text : `https://${text}`);
    if (!url.hostname) return {};
    return { serverAddress: url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase(), serverPort: Number(url.port || (url.protocol === 'http:' ? 80 : 443)) };
  } catch {
    return {};
  }
}
