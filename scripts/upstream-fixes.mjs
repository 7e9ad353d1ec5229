// Build-time fixes to upstream code the preload bundle adopts, where the
// upstream behaviour would make an app behave differently with the agent than
// without it (issue 21; docs/library-suites.md). Each fix is a text edit of one
// exact upstream passage: if the passage changed upstream, the build fails and
// names the fix, so it is re-checked on every upgrade instead of silently lost.
// Found by running the libraries' own test suites plain and with the agent
// (scripts/library-suite.mjs); each has a regression test in test/transparency-*.
// A few fix cost instead (issue 14), measured in bench/; they change no behaviour.
import { readFileSync } from 'node:fs';

/** file (path regex) → edits; each edit: the exact upstream text (string or regex) and its replacement. */
const FIXES = [
  {
    // koa: app.use() of a non-function must throw koa's own TypeError
    // ("middleware must be a function!"), not the instrumentation's
    // "Cannot read properties of null (reading 'router')".
    // The middleware koa keeps (app.middleware) has the app's function's name and
    // length, and the app's function gets no marker property (a WeakSet instead).
    // Recording what a middleware threw never throws into koa.
    name: 'koa-use-non-function',
    file: /@opentelemetry[\\/]instrumentation-koa[\\/]dist[\\/]instrumentation\.mjs$/,
    edits: [
      [/return function use\(middlewareFunction\) \{\n/, 'return function use(middlewareFunction) {\n\t\t\tif (typeof middlewareFunction !== "function") return original.apply(this, arguments);\n'],
      [/\n\/\/#region src\/instrumentation\.ts\n/, '\nconst botanuPatchedLayers = new WeakSet();\n//#region src/instrumentation.ts\n'],
      [/span\.recordException\(err\);/, 'try {\n\t\t\t\t\t\tspan.recordException(err);\n\t\t\t\t\t} catch {}'],
      [/middlewareLayer\[kLayerPatched\] === true/, 'botanuPatchedLayers.has(middlewareLayer)'],
      [/middlewareLayer\[kLayerPatched\] = true;/, 'botanuPatchedLayers.add(middlewareLayer);'],
      [/return async \(context, next\) => \{\n/, 'const botanuPatched = async (context, next) => {\n'],
      [
        /\n\t\t\};\n\t\}\n\};\n\/\/#endregion/,
        '\n\t\t};\n\t\tObject.defineProperty(botanuPatched, "length", { value: middlewareLayer.length, configurable: true });\n\t\tObject.defineProperty(botanuPatched, "name", { value: middlewareLayer.name, configurable: true });\n\t\treturn botanuPatched;\n\t}\n};\n//#endregion',
      ],
    ],
  },
  {
    // hapi: the route and ext wrappers keep what hapi sees of the app's code.
    // A route's `options` function is called with hapi's `this` (the server's
    // bind), an ext method with its `bind` (upstream called it with `this`
    // undefined inside a trace), wrappers keep the method's name and length
    // (hapi names an ext method that returned nothing by its name), and a
    // plugin without a name reaches hapi's own validation instead of our
    // TypeError reading `plugin.pkg.name`. Thrown values are recorded without
    // reading properties of null/undefined.
    name: 'hapi-wrappers-transparent',
    file: /@opentelemetry[\\/]instrumentation-hapi[\\/]dist[\\/]instrumentation\.mjs$/,
    edits: [
      [/const options = oldOptions\(server\);/, 'const options = oldOptions.apply(this, arguments);'],
      [/method, void 0, \.\.\.params\);/, 'method, this, ...params);'],
      [/\n(\t*)return newHandler;\n/, '\n$1botanuKeepNameLength(newHandler, method);\n$1return newHandler;\n'],
      [/const wrapHandler = \(oldHandler\) => \{\n(\t*)return async function\(\.\.\.params\) \{/, 'const wrapHandler = (oldHandler) => botanuKeepNameLength(async function(...params) {'],
      [/\n(\t*)\};\n(\t*)\};\n(\t*)if \(typeof route\.handler === "function"\)/, '\n$1}, oldHandler);\n$3if (typeof route.handler === "function")'],
      // Patched routes and methods remembered in a WeakSet, not by a symbol on the
      // app's route objects and functions; values hapi rejects reach hapi as they are.
      [
        /if \(method\[handlerPatched\] === true\) return method;\n(\t*)method\[handlerPatched\] = true;/,
        'if (typeof method !== "function" || botanuHapiPatched.has(method)) return method;\n$1botanuHapiPatched.add(method);',
      ],
      [
        /if \(route\[handlerPatched\] === true\) return route;\n(\t*)route\[handlerPatched\] = true;/,
        'if (route === null || typeof route !== "object" || botanuHapiPatched.has(route)) return route;\n$1botanuHapiPatched.add(route);',
      ],
      // Reading the plugin list never throws into register() (hapi validates it).
      [/return function register\(pluginInput, options\) \{\n/, 'return function register(pluginInput, options) {\n\t\t\ttry {\n'],
      [/\n(\t*)return original\.apply\(this, \[pluginInput, options\]\);/, '\n$1} catch {}\n$1return original.apply(this, arguments);'],
      [/const pluginName = getPluginName\(plugin\);/, 'if (typeof plugin?.register !== "function" || !(plugin.name || plugin.pkg?.name)) return;\n\t\tconst pluginName = getPluginName(plugin);'],
      [/message: err\.message\n/g, 'message: err?.message\n'],
      [/span\.recordException\(err\);/g, 'try {\n\t\t\t\t\t\tspan.recordException(err);\n\t\t\t\t\t} catch {}'],
      [
        /\n\/\/#region src\/instrumentation\.ts\n/,
        '\nconst botanuHapiPatched = new WeakSet();\nfunction botanuKeepNameLength(wrapper, original) {\n\ttry {\n\t\tObject.defineProperty(wrapper, "name", { value: original.name, configurable: true });\n\t\tObject.defineProperty(wrapper, "length", { value: original.length, configurable: true });\n\t} catch {}\n\treturn wrapper;\n}\n//#region src/instrumentation.ts\n',
      ],
    ],
  },
  {
    // connect: app.use() of a sub-app (a function with .handle) or of an
    // http.Server reaches connect as it is: upstream wrapped it into a plain
    // function, so connect no longer recognised it, never set the sub-app's
    // .route and never mounted the server (requests answered 404). The sub-app's
    // own middleware is still traced. A wrapped middleware keeps its name.
    name: 'connect-mount-as-is',
    file: /@opentelemetry[\\/]instrumentation-connect[\\/]dist[\\/]instrumentation\.mjs$/,
    edits: [
      [
        /const routeName = args\[args\.length - 2\] \|\| "";\n/,
        'const routeName = args[args.length - 2] || "";\n\t\t\tif (typeof middleWare !== "function" || typeof middleWare.handle === "function") return original.apply(this, args);\n',
      ],
      [/\n(\t*)return patchedMiddleware;\n/, '\n$1Object.defineProperty(patchedMiddleware, "name", { value: middleWare.name, configurable: true });\n$1return patchedMiddleware;\n'],
    ],
  },
  {
    // restify: a wrapped handler keeps its name, which restify keys its
    // per-handler timers by (req.timers, the audit logger's `timers`); upstream's
    // arrow wrappers made every handler anonymous.
    name: 'restify-handler-name',
    file: /@opentelemetry[\\/]instrumentation-restify[\\/]dist[\\/]instrumentation\.mjs$/,
    edits: [
      [/if \(typeof handler === "function"\) return \(req, res, next\) => \{/, 'if (typeof handler === "function") return botanuKeepName(handler, (req, res, next) => {'],
      [/\}, this, req, res, patchedNext\);\n(\t*)\};\n/, '}, this, req, res, patchedNext);\n$1});\n'],
      [
        /\n\/\/#region src\/instrumentation\.ts\n/,
        '\nfunction botanuKeepName(original, wrapper) {\n\ttry {\n\t\tObject.defineProperty(wrapper, "name", { value: original.name, configurable: true });\n\t} catch {}\n\treturn wrapper;\n}\n//#region src/instrumentation.ts\n',
      ],
    ],
  },
  {
    // socket.io: a listener added with socket.on() stays the app's as far as
    // EventEmitter's API goes: upstream registered its wrapper in its place, so
    // socket.off(ev, listener) no longer removed it (the listener kept being
    // called), socket.listeners() returned the wrapper, and on(ev, null) was
    // accepted instead of throwing Node's ERR_INVALID_ARG_TYPE. The wrapper now
    // carries `.listener` (as Node's own once() wrapper does, so off() and
    // listeners() see the app's listener); a listener Node's once() already
    // wrapped, and anything that is not a function, reach socket.io as they are
    // (no span of its own for a once() listener: Node's once() wrapper must be
    // the registered one for off() to work both ways; it still runs in the run
    // context). The wrapped on() and emit() keep their names and lengths. What a
    // listener or emit() throws (null, a Symbol) reaches the app unchanged:
    // recording it never throws.
    name: 'socketio-listeners-transparent',
    file: /@opentelemetry[\\/]instrumentation-socket\.io[\\/]dist[\\/]socket\.io\.mjs$/,
    edits: [
      [/\n\t_patchOn\(moduleVersion\) \{\n/, '\n\t_patchOn(moduleVersion) {\n\t\treturn botanuKeepShape(this._botanuPatchOn(moduleVersion));\n\t}\n\t_botanuPatchOn(moduleVersion) {\n'],
      [/\n\t_patchEmit\(moduleVersion\) \{\n/, '\n\t_patchEmit(moduleVersion) {\n\t\treturn botanuKeepShape(this._botanuPatchEmit(moduleVersion));\n\t}\n\t_botanuPatchEmit(moduleVersion) {\n'],
      [
        /return function\(ev, originalListener\) \{\n/,
        'return function(ev, originalListener) {\n\t\t\t\tif (typeof originalListener !== "function" || typeof originalListener.listener === "function") return original.apply(this, arguments);\n',
      ],
      [/\n(\t*)return original\.apply\(this, \[ev, wrappedListener\]\);/, '\n$1wrappedListener.listener = originalListener;\n$1return original.apply(this, [ev, wrappedListener]);'],
      [/span\.recordException\((err|error)\);/g, 'try {\n\t\t\t\tspan.recordException($1);\n\t\t\t} catch {}'],
      [/message: (err|error)\??\.message\n/g, 'message: botanuMessage($1)\n'],
      [
        /\n\/\/#region src\/socket\.io\.ts\n/,
        '\nfunction botanuKeepShape(patcher) {\n\treturn (original) => {\n\t\tconst wrapper = patcher(original);\n\t\ttry {\n\t\t\tObject.defineProperty(wrapper, "name", { value: original.name, configurable: true });\n\t\t\tObject.defineProperty(wrapper, "length", { value: original.length, configurable: true });\n\t\t} catch {}\n\t\treturn wrapper;\n\t};\n}\nfunction botanuMessage(err) {\n\ttry {\n\t\tconst message = err?.message;\n\t\treturn typeof message === "string" ? message : undefined;\n\t} catch {\n\t\treturn undefined;\n\t}\n}\n//#region src/socket.io.ts\n',
      ],
    ],
  },
  {
    // NestJS: what a controller method throws or rejects with reaches the app's
    // exception filter as it is: upstream read `.message` of it (null and
    // undefined became "Cannot read properties of null (reading 'message')") and
    // recorded it with the SDK, which stringifies what it cannot read (a Symbol
    // became "Cannot convert a Symbol value to a string"). NestFactory.create
    // keeps its name and length (upstream: `createWithTrace`, 1), and
    // NestFactory.create(undefined) fails with Nest's own error, not ours reading
    // `.name`. The wrapped route handler keeps its length as it kept its name.
    name: 'nestjs-thrown-values',
    file: /@opentelemetry[\\/]instrumentation-nestjs-core[\\/]dist[\\/]instrumentation\.mjs$/,
    edits: [
      [/"create", createWrapNestFactoryCreate\(this\.tracer, moduleVersion\)\);/, '"create", botanuKeepShape(createWrapNestFactoryCreate(this.tracer, moduleVersion)));'],
      [/"create", createWrapCreateHandler\(this\.tracer, moduleVersion\)\);/, '"create", botanuKeepShape(createWrapCreateHandler(this.tracer, moduleVersion)));'],
      [/\["nestjs\.module"\]: nestModule\.name\n/, '["nestjs.module"]: nestModule?.name\n'],
      [/\n(\t*)return wrappedHandler;\n/, '\n$1try {\n$1\tObject.defineProperty(wrappedHandler, "length", { value: handler.length, configurable: true });\n$1} catch {}\n$1return wrappedHandler;\n'],
      [/\tspan\.recordException\(error\);\n/, '\ttry {\n\t\tspan.recordException(error);\n\t} catch {}\n'],
      [/message: error\.message\n/, 'message: botanuMessage(error)\n'],
      [
        /\n\/\/#region src\/instrumentation\.ts\n/,
        '\nfunction botanuKeepShape(patcher) {\n\treturn (original) => {\n\t\tconst wrapper = patcher(original);\n\t\ttry {\n\t\t\tObject.defineProperty(wrapper, "name", { value: original.name, configurable: true });\n\t\t\tObject.defineProperty(wrapper, "length", { value: original.length, configurable: true });\n\t\t} catch {}\n\t\treturn wrapper;\n\t};\n}\nfunction botanuMessage(err) {\n\ttry {\n\t\tconst message = err?.message;\n\t\treturn typeof message === "string" ? message : undefined;\n\t} catch {\n\t\treturn undefined;\n\t}\n}\n//#region src/instrumentation.ts\n',
      ],
    ],
  },
  {
    // kafkajs: producer.send()/sendBatch() of what kafkajs rejects (no argument, a
    // topic without a messages array, a null message) reach kafkajs, which rejects
    // with its own error: upstream read `record.messages.map` first and threw its
    // TypeError at once, before kafkajs saw the call. The config object the app
    // passes to consumer.run() stays the app's (upstream replaced its
    // eachMessage/eachBatch with its wrapper, shimmer markers included): kafkajs
    // gets an object inheriting from it with the wrapped handlers. The "listeners
    // set" marker goes in a WeakSet instead of a symbol on the app's producer and
    // consumer. The wrapped producer(), consumer(), run(), send(), sendBatch(),
    // transaction() keep their names and lengths. Recording a rejection never
    // throws (a rejected Symbol, an object whose message or constructor cannot be read).
    name: 'kafkajs-transparent',
    file: /@opentelemetry[\\/]instrumentation-kafkajs[\\/]dist[\\/]instrumentation\.mjs$/,
    edits: [
      [
        /\n\t(_getProducerPatch|_getConsumerPatch|_getConsumerRunPatch|_getSendBatchPatch|_getSendPatch|_getProducerTransactionPatch)\(\) \{\n/g,
        '\n\t$1() {\n\t\treturn botanuKeepShape(this._botanu$1());\n\t}\n\t_botanu$1() {\n',
      ],
      [/if \(kafkaObj\[EVENT_LISTENERS_SET\]\) return;/, 'if (botanuKafkaListenersSet.has(kafkaObj)) return;'],
      [/kafkaObj\[EVENT_LISTENERS_SET\] = true;/, 'botanuKafkaListenersSet.add(kafkaObj);'],
      [
        /return function run\(\.\.\.args\) \{\n(\t*)const config = args\[0\];/,
        'return function run(...args) {\n$1const config = args[0] !== null && typeof args[0] === "object" && (args[0].eachMessage || args[0].eachBatch) ? Object.create(args[0]) : args[0];',
      ],
      [
        /const record = args\[0\];\n(\t*)const spans = record\.messages\.map\(/,
        'const record = args[0];\n$1if (!botanuMessagesOk(record)) return original.apply(this, args);\n$1const spans = record.messages.map(',
      ],
      [
        /const messages = args\[0\]\.topicMessages \|\| \[\];\n/,
        'const messages = args[0]?.topicMessages || [];\n\t\t\t\tif (!Array.isArray(messages) || !messages.every(botanuMessagesOk)) return original.apply(this, args);\n',
      ],
      [
        /errorMessage = reason\.message;\n(\t*)errorType = reason\.constructor\.name;\n/,
        'try {\n$1\terrorMessage = reason.message;\n$1\terrorType = reason.constructor.name;\n$1} catch {}\n',
      ],
      [/transactionSpan\.recordException\(err\);/g, 'try {\n\t\t\t\t\ttransactionSpan.recordException(err);\n\t\t\t\t} catch {}'],
      [/message: err\?\.message\n/g, 'message: botanuMessage(err)\n'],
      [
        /\n\/\/#region src\/instrumentation\.ts\n/,
        '\nconst botanuKafkaListenersSet = new WeakSet();\nfunction botanuMessagesOk(record) {\n\treturn record !== null && typeof record === "object" && Array.isArray(record.messages) && record.messages.every((m) => m !== null && typeof m === "object");\n}\nfunction botanuKeepShape(patcher) {\n\treturn (original) => {\n\t\tconst wrapper = patcher(original);\n\t\ttry {\n\t\t\tObject.defineProperty(wrapper, "name", { value: original.name, configurable: true });\n\t\t\tObject.defineProperty(wrapper, "length", { value: original.length, configurable: true });\n\t\t} catch {}\n\t\treturn wrapper;\n\t};\n}\nfunction botanuMessage(err) {\n\ttry {\n\t\tconst message = err?.message;\n\t\treturn typeof message === "string" ? message : undefined;\n\t} catch {\n\t\treturn undefined;\n\t}\n}\n//#region src/instrumentation.ts\n',
      ],
    ],
  },
  {
    // knex: with `asyncStackTraces: true` knex saves a stack where a builder is
    // made (knex.raw(), knex(table), knex.schema) and, when its query fails, puts
    // that stack on the error minus a fixed number of knex's own frames. Upstream
    // wraps Client#raw/queryBuilder/schemaBuilder, one frame more in that stack:
    // the error's stack began with the wrapper's frame instead of the app's call
    // and lost its deepest frame (knex's own suite: 2 tests per dialect differed).
    // The wrapper now skips its own frame (knex's `_asyncStack.lines`) and lets
    // the saved stack hold one frame more while the builder is made, so the stack
    // is the one knex gives without the agent. The builder's context is kept in
    // a WeakMap instead of a symbol property on the builder, and recording a
    // failed query never throws into knex (a rejection that is not an Error).
    name: 'knex-async-stack',
    file: /@opentelemetry[\\/]instrumentation-knex[\\/]dist[\\/]instrumentation\.mjs$/,
    edits: [
      [
        /const contextSymbol = Symbol\("opentelemetry\.instrumentation-knex\.context"\);\n/,
        'const botanuBuilderContexts = new WeakMap();\nfunction botanuKeepNameLength(original, wrapper) {\n\ttry {\n\t\tObject.defineProperty(wrapper, "name", { value: original.name, configurable: true });\n\t\tObject.defineProperty(wrapper, "length", { value: original.length, configurable: true });\n\t} catch {}\n\treturn wrapper;\n}\n',
      ],
      // The wrapped Client and Runner methods keep their names and lengths.
      [/return function wrapQuery\(original\) \{\n(\t*)return function wrapped_logging_method\(query\) \{\n/, 'return function wrapQuery(original) {\n$1return botanuKeepNameLength(original, function wrapped_logging_method(query) {\n'],
      [/\n(\t*)throw err;\n(\t*)\}\);\n(\t*)\};\n(\t*)\};\n/, '\n$1throw err;\n$2});\n$3});\n$4};\n'],
      [/storeContext\(original\) \{\n(\t*)return function wrapped_logging_method\(\) \{\n/, 'storeContext(original) {\n$1return botanuKeepNameLength(original, function wrapped_logging_method() {\n'],
      [/\n(\t*)return builder;\n(\t*)\};\n/, '\n$1return builder;\n$2});\n'],
      [/const parentContext = this\.builder\[contextSymbol\] \|\| api\.context\.active\(\);/, 'const parentContext = botanuBuilderContexts.get(this.builder) || api.context.active();'],
      [
        /const fullQuery = getFormatter\(this\)\(query\.sql, query\.bindings \|\| \[\]\);\n(\t*)const message = err\.message\.replace\(fullQuery \+ " - ", ""\);\n(\t*)const exc = otelExceptionFromKnexError\(err, message\);\n(\t*)span\.recordException\(exc\);\n(\t*)span\.setStatus\(\{\n(\t*)code: api\.SpanStatusCode\.ERROR,\n(\t*)message\n(\t*)\}\);\n/,
        'try {\n$1const fullQuery = getFormatter(this)(query.sql, query.bindings || []);\n$1const message = String(err.message).replace(fullQuery + " - ", "");\n$1const exc = otelExceptionFromKnexError(err, message);\n$1span.recordException(exc);\n$1span.setStatus({\n$1\tcode: api.SpanStatusCode.ERROR,\n$1\tmessage\n$1});\n$1} catch {\n$1\tspan.setStatus({ code: api.SpanStatusCode.ERROR });\n$1}\n',
      ],
      [
        /const builder = original\.apply\(this, arguments\);\n(\t*)Object\.defineProperty\(builder, contextSymbol, \{ value: api\.context\.active\(\) \}\);\n/,
        'const limit = Error.stackTraceLimit;\n' +
          '$1const asyncStacks = this?.config?.asyncStackTraces && typeof limit === "number";\n' +
          '$1if (asyncStacks) Error.stackTraceLimit = limit + 1;\n' +
          '$1let builder;\n' +
          '$1try {\n' +
          '$1\tbuilder = original.apply(this, arguments);\n' +
          '$1} finally {\n' +
          '$1\tif (asyncStacks) Error.stackTraceLimit = limit;\n' +
          '$1}\n' +
          '$1if (builder !== null && typeof builder === "object") {\n' +
          '$1\tif (asyncStacks && typeof builder._asyncStack?.lines === "number") builder._asyncStack.lines += 1;\n' +
          '$1\tbotanuBuilderContexts.set(builder, api.context.active());\n' +
          '$1}\n',
      ],
    ],
  },
  {
    // Span cost, not behaviour (issue 14): attribute validation in @opentelemetry/core,
    // run twice per span start (Tracer.startSpan) and once per setAttribute.
    // - isAnyValue() allocated a WeakSet (for cycle detection) before looking at
    //   the value, i.e. for every attribute of every span, strings included:
    //   primitives are answered first.
    // - cleanAttributesInternal() walked Object.entries(), an array per attribute
    //   plus one per call: the same own enumerable string keys, in the same order,
    //   are walked with for-in and an own-property check, allocating nothing.
    name: 'core-attributes-cost',
    file: /@opentelemetry[\\/]core[\\/]dist[\\/]common[\\/]attributes\.mjs$/,
    edits: [
      [
        /function isAnyValue\(val\) \{\n\treturn isAnyValueInternal\(val, \/\* @__PURE__ \*\/ new WeakSet\(\)\);\n\}/,
        'function isAnyValue(val) {\n\tconst t = typeof val;\n\tif (t === "string" || t === "number" || t === "boolean") return true;\n\treturn isAnyValueInternal(val, /* @__PURE__ */ new WeakSet());\n}',
      ],
      [
        /\tfor \(const \[key, val\] of Object\.entries\(inAttributes\)\) \{\n\t\tif \(val === void 0\) continue;\n/,
        '\tfor (const key in inAttributes) {\n\t\tif (!Object.prototype.hasOwnProperty.call(inAttributes, key)) continue;\n\t\tconst val = inAttributes[key];\n\t\tif (val === void 0) continue;\n',
      ],
    ],
  },
  {
    // Context cost, not behaviour (issue 14): the API's BaseContext copied its whole
    // Map and made three closures for every setValue (a request sets 5-8 values:
    // the extracted parent, baggage, each span, the route metadata). Here a context
    // is one node (parent, key, value) with the methods on the prototype; a lookup
    // walks the chain (a request's is a handful of nodes deep), and a chain deeper
    // than 32 is folded into one Map so no lookup walks far. Same interface, same
    // immutability: every setValue/deleteValue returns a new context.
    // `_currentContext` stays readable (a Map of the live values, built on read).
    name: 'api-context-nodes',
    file: /@opentelemetry[\\/]api[\\/]dist[\\/]context[\\/]context\.mjs$/,
    edits: [
      [
        /const ROOT_CONTEXT = new class BaseContext \{\n[\s\S]*?\n\}\(\);\n/,
        `const BOTANU_DELETED = Symbol("botanu.context.deleted");
const BOTANU_NONE = Symbol("botanu.context.none");
const BOTANU_FOLD_DEPTH = 32;
class BaseContext {
\tconstructor(parent, key, value, depth, map) {
\t\tthis._parent = parent;
\t\tthis._key = key;
\t\tthis._value = value;
\t\tthis._depth = depth;
\t\tthis._map = map;
\t}
\tgetValue(key) {
\t\tfor (let c = this; c !== void 0; c = c._parent) {
\t\t\tif (c._map !== void 0) return c._map.get(key);
\t\t\tif (c._key === key) return c._value === BOTANU_DELETED ? void 0 : c._value;
\t\t}
\t\treturn void 0;
\t}
\tsetValue(key, value) {
\t\treturn this._child(key, value);
\t}
\tdeleteValue(key) {
\t\treturn this._child(key, BOTANU_DELETED);
\t}
\t_child(key, value) {
\t\tif (this._depth < BOTANU_FOLD_DEPTH) return new BaseContext(this, key, value, this._depth + 1, void 0);
\t\tconst map = this._currentContext;
\t\tif (value === BOTANU_DELETED) map.delete(key);
\t\telse map.set(key, value);
\t\treturn new BaseContext(void 0, BOTANU_NONE, void 0, 0, map);
\t}
\tget _currentContext() {
\t\tconst chain = [];
\t\tlet base;
\t\tfor (let c = this; c !== void 0; c = c._parent) {
\t\t\tif (c._map !== void 0) { base = c._map; break; }
\t\t\tif (c._key !== BOTANU_NONE) chain.push(c);
\t\t}
\t\tconst map = new Map(base);
\t\tfor (let i = chain.length - 1; i >= 0; i--) {
\t\t\tif (chain[i]._value === BOTANU_DELETED) map.delete(chain[i]._key);
\t\t\telse map.set(chain[i]._key, chain[i]._value);
\t\t}
\t\treturn map;
\t}
}
const ROOT_CONTEXT = new BaseContext(void 0, BOTANU_NONE, void 0, 0, void 0);
`,
      ],
    ],
  },
  {
    // Startup cost, not behaviour. (1) The instrumentation base read and parsed a
    // hooked package's package.json again for every file of it that loads (openai
    // loads hundreds), only to learn the same version: read once per package
    // directory. (2) The require filter in front of require-in-the-middle
    // (agent/start/require-prefilter.ts) lets a hooked package's files require each
    // other without the hook unless an instrumentation patches files of it; to
    // know, the shared hook keeps every module definition registered with it.
    // (3) Whether a version is in a definition's ranges was parsed anew (ranges and
    // version, by regular expressions) for every hooked file that loads: answered
    // once per (ranges, version, prerelease), the same answer.
    name: 'instrumentation-startup-cost',
    file: /@opentelemetry[\\/]instrumentation[\\/]dist[\\/]platform[\\/]node[\\/]instrumentation\.mjs$/,
    edits: [
      [/\nimport \{ Hook \} from "require-in-the-middle";\n/, '\nimport { Hook } from "require-in-the-middle";\nconst botanuPackageVersions = new Map();\n'],
      [
        /\nfunction isSupported\(supportedVersions, version, includePrerelease\) \{\n/,
        '\nconst botanuSupported = new Map();\nfunction isSupported(supportedVersions, version, includePrerelease) {\n\tconst key = `${supportedVersions.join("||")}\\0${version}\\0${includePrerelease === true}`;\n\tlet known = botanuSupported.get(key);\n\tif (known === undefined) {\n\t\tknown = botanuIsSupported(supportedVersions, version, includePrerelease);\n\t\tif (botanuSupported.size < 1024) botanuSupported.set(key, known);\n\t}\n\treturn known;\n}\nfunction botanuIsSupported(supportedVersions, version, includePrerelease) {\n',
      ],
      [
        /\n\t_extractPackageVersion\(baseDir\) \{\n/,
        '\n\t_extractPackageVersion(baseDir) {\n\t\tif (botanuPackageVersions.has(baseDir)) return botanuPackageVersions.get(baseDir);\n\t\tconst version = this._botanuReadPackageVersion(baseDir);\n\t\tbotanuPackageVersions.set(baseDir, version);\n\t\treturn version;\n\t}\n\t_botanuReadPackageVersion(baseDir) {\n',
      ],
      [
        /(\t*)const hook = path\.isAbsolute\(module\.name\) \? new Hook\(\[module\.name\], \{ internals: true \}, onRequire\) : this\._requireInTheMiddleSingleton\.register\(module\.name, onRequire\);\n/,
        '$&$1if (!path.isAbsolute(module.name)) (this._requireInTheMiddleSingleton._botanuModules ??= []).push(module);\n',
      ],
    ],
  },
];

/** Applies one fix's edits to source text; throws (failing the build) when an edit no longer matches. */
export function applyFix(fix, src) {
  let out = src;
  for (const [from, to] of fix.edits) {
    const count = typeof from === 'string' ? out.split(from).length - 1 : (out.match(from.global ? from : new RegExp(from.source, from.flags + 'g')) ?? []).length;
    if (count === 0 || (!(from instanceof RegExp && from.global) && count !== 1)) {
      throw new Error(`upstream fix ${fix.name}: expected text ${String(from)} found ${count} times; the upstream source changed, review scripts/upstream-fixes.mjs`);
    }
    out = out.replace(from, to);
  }
  return out;
}

/** The esbuild plugin applying FIXES to the files they name. */
export const upstreamFixes = {
  name: 'upstream-fixes',
  setup(b) {
    for (const fix of FIXES) {
      b.onLoad({ filter: fix.file }, ({ path }) => ({ contents: applyFix(fix, readFileSync(path, 'utf8')), loader: 'js' }));
    }
  },
};
