// Current Bedrock Runtime clients send over HTTP/2 (NodeHttp2Handler), which no
// HTTP instrumentation sees. So that each attempt still shows up as its own
// client span under the GenAI span, a middleware in the deserialize step (run
// once per attempt, inside the SDK's retry loop) records it, numbered from the
// SDK's own `amz-sdk-request: attempt=N` header. Over HTTP/1.1 the http
// instrumentation already does this, and the middleware only notes the server
// (the endpoint is resolved inside the SDK: this is where it is known) on the
// GenAI span, which is the active span there.
import { context, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { countAttempt } from '../retry/attempt-counter';

const MIDDLEWARE_NAME = 'botanuBedrockAttempt';

interface HttpRequestLike {
  method?: string;
  protocol?: string;
  hostname?: string;
  port?: number;
  path?: string;
  headers?: Record<string, string>;
}
interface StackLike {
  add(mw: unknown, opts: Record<string, unknown>): void;
  identify?(): string[];
}

function isHttp2(client: unknown): boolean {
  const handler = (client as { config?: { requestHandler?: { metadata?: { handlerProtocol?: unknown } } } })?.config?.requestHandler;
  return handler?.metadata?.handlerProtocol === 'h2';
}

function attemptNumber(headers: Record<string, string> | undefined): number | undefined {
  const m = /attempt=(\d+)/.exec(headers?.['amz-sdk-request'] ?? '');
  return m ? Number(m[1]) : undefined;
}

export function observeAttempts(tracer: Tracer, client: unknown, command: unknown): void {
  const http2 = isHttp2(client);
  const stack = (command as { middlewareStack?: StackLike })?.middlewareStack;
  if (!stack || typeof stack.add !== 'function') return;
  if (stack.identify?.().some((s) => s.startsWith(MIDDLEWARE_NAME))) return; // the same command sent again
  const middleware = (next: (args: { request?: HttpRequestLike }) => Promise<{ response?: { statusCode?: number } }>) => async (args: { request?: HttpRequestLike }) => {
    const req = args.request ?? {};
    const genAiSpan = trace.getSpan(context.active());
    if (genAiSpan && req.hostname) genAiSpan.setAttributes({ 'server.address': req.hostname, ...(req.port ? { 'server.port': req.port } : {}) });
    if (!http2) return next(args);
    const attempt = attemptNumber(req.headers);
    const url = `${req.protocol ?? 'https:'}//${req.hostname ?? ''}${req.port ? `:${req.port}` : ''}${req.path ?? ''}`;
    const span = tracer.startSpan(req.method ?? 'POST', {
      kind: SpanKind.CLIENT,
      attributes: {
        'http.request.method': req.method ?? 'POST',
        'url.full': url,
        'server.address': req.hostname,
        ...(req.port ? { 'server.port': req.port } : {}),
        'network.protocol.name': 'http',
        'network.protocol.version': '2',
        ...(attempt && attempt > 1 ? { 'http.request.resend_count': attempt - 1 } : {}),
      },
    });
    countAttempt(context.active());
    try {
      const result = await context.with(trace.setSpan(context.active(), span), () => next(args));
      const status = result?.response?.statusCode;
      if (typeof status === 'number') span.setAttribute('http.response.status_code', status);
      span.end();
      return result;
    } catch (err) {
      const status = (err as { $metadata?: { httpStatusCode?: unknown } })?.$metadata?.httpStatusCode;
      if (typeof status === 'number') span.setAttribute('http.response.status_code', status);
      span.setAttribute('error.type', typeof status === 'number' ? String(status) : ((err as Error)?.name ?? '_OTHER'));
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      throw err;
    }
  };
  try {
    stack.add(middleware, { step: 'deserialize', name: MIDDLEWARE_NAME, priority: 'high', override: true });
  } catch {
    /* never reach the app */
  }
}
