// Sentry as an app sets it up (`node --import ./instrument.mjs`), with its
// OpenTelemetry setup on or off (SENTRY_OTEL=1), reporting to a local stand-in (SENTRY_DSN).
import * as Sentry from '@sentry/node';

Sentry.init({
  dsn: process.env.SENTRY_DSN,
  tracesSampleRate: 1,
  enableOpenTelemetrySetup: process.env.SENTRY_OTEL === '1',
});
