// knex behaviours the agent must not change (issue 21; found by knex's own suite):
// with `asyncStackTraces: true` a failed query's error carries the stack of the
// place the app made the builder (knex.raw(), knex(table), knex.schema), cut by
// knex at a fixed number of its own frames: the same stack, frame for frame, as
// without the agent. Builders get no property (symbols included), the client's
// methods keep their names and lengths, and a failed query rejects with what the
// driver rejected with. Runs against the local PostgreSQL (127.0.0.1:5432, db test).
// Prints one line: RESULT <json>.
const knexLib = require('knex');

// Frames as "function name (file:line:column)" lines; the paths are the same in every run.
const frames = (stack) => String(stack).split('\n').slice(1).map((l) => l.trim());

async function failing(label, make, out) {
  try {
    await make();
    out[label] = 'resolved';
  } catch (err) {
    out[label] = { firstLine: String(err.stack).split('\n')[0], frames: frames(err.stack), originalStack: typeof err.originalStack };
  }
}

function raw() {
  return knex.raw('select * from botanu_no_such_table');
}
function query() {
  return knex('botanu_no_such_table').select('id');
}
function schema() {
  return knex.schema.renameTable('botanu_no_such_table', 'botanu_whatever');
}

const knex = knexLib({
  client: 'pg',
  connection: { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' },
  pool: { min: 0, max: 1 },
  asyncStackTraces: true,
});

(async () => {
  const out = {};
  await failing('raw', raw, out);
  await failing('query', query, out);
  await failing('schema', schema, out);
  // A longer chain of app frames than Error.stackTraceLimit keeps: the deepest ones knex shows are the same too.
  const deep = (n) => (n === 0 ? raw() : deep(n - 1));
  await failing('deep', () => deep(12), out);
  const builders = [knex.raw('select 1'), knex('t'), knex.schema.createTable('t', () => {})];
  out.builderKeys = builders.map((b) => Reflect.ownKeys(b).map(String).filter((k) => k !== '_asyncStack'));
  out.builderSymbols = builders.map((b) => Object.getOwnPropertySymbols(b).length);
  const proto = Object.getPrototypeOf(knex.client);
  const Client = Object.getPrototypeOf(proto);
  out.clientMethods = ['raw', 'queryBuilder', 'schemaBuilder'].map((m) => [m, Client[m].name, Client[m].length]);
  const Runner = require('knex/lib/execution/runner');
  out.runnerQuery = [Runner.prototype.query.name, Runner.prototype.query.length];
  // A driver rejecting with something other than an Error: knex passes it on, so does the agent.
  const original = proto._query;
  for (const [label, value] of [['null', null], ['string', 'boom'], ['object', { code: 'X' }]]) {
    proto._query = () => Promise.reject(value);
    try {
      await knex.raw('select 1');
      out[`rejects ${label}`] = 'resolved';
    } catch (err) {
      out[`rejects ${label}`] = err === value ? 'same value' : `other: ${String(err)}`;
    }
  }
  proto._query = original;
  await knex.destroy();
  console.log(`RESULT ${JSON.stringify(out)}`);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
