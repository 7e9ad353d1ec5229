// Preloaded after the agent by the `traced` variant of scripts/library-suite.mjs:
// makes the whole process run inside one recording span, so instrumentations
// that only act within a trace (a database client with requireParentSpan, a
// framework served through inject() rather than a real HTTP server) take their
// span-making paths during the library's own tests, not just their pass-through.
'use strict';
const api = require('@opentelemetry/api');

const root = api.trace.getTracer('library-suite').startSpan('library-suite');
api.context.attach(api.trace.setSpan(api.context.active(), root));
