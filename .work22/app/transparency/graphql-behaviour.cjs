// Records what graphql 17 answers where its own tracing changes results while
// graphql:resolve has a subscriber (issue 21): the grouping of @stream payloads
// with async resolvers, the order in which resolvers and thenables are called, and
// a field whose resolver returns a thenable whose then() returns nothing. Printed
// as one RESULT line; test/transparency-frameworks.test.ts compares it plain vs agent.
'use strict';
const g = require('graphql');

const calls = [];
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
// A thenable as some ORMs return: then() calls back at once and returns nothing.
const bareThenable = (value) => ({
  then(onValue) {
    calls.push(`then ${value}`);
    onValue(value);
  },
});

const Item = new g.GraphQLObjectType({
  name: 'Item',
  fields: {
    id: { type: g.GraphQLString, resolve: async (item) => (calls.push(`id ${item.id}`), item.id) },
    later: { type: g.GraphQLString, resolve: async (item) => (await nextTurn(), `later-${item.id}`) },
    bare: { type: g.GraphQLString, resolve: (item) => bareThenable(`bare-${item.id}`) },
  },
});
const Query = new g.GraphQLObjectType({
  name: 'Query',
  fields: {
    items: { type: new g.GraphQLList(Item), resolve: async function* () { yield* [{ id: 'a' }, { id: 'b' }, { id: 'c' }]; } },
    list: { type: new g.GraphQLList(Item), resolve: () => [{ id: 'x' }, Promise.resolve({ id: 'y' }), { id: 'z' }] },
    one: { type: Item, resolve: () => Promise.resolve({ id: '1' }) },
  },
});
const schema = new g.GraphQLSchema({ query: Query });
const incremental = new g.GraphQLSchema({ query: Query, directives: [...g.specifiedDirectives, g.GraphQLStreamDirective, g.GraphQLDeferDirective] });
const plainJson = (v) => JSON.parse(JSON.stringify(v));

async function payloads(source) {
  const res = await g.experimentalExecuteIncrementally({ schema: incremental, document: g.parse(source) });
  if (!('initialResult' in res)) return [plainJson(res)];
  const out = [plainJson(res.initialResult)];
  for await (const next of res.subsequentResults) out.push(plainJson(next));
  return out;
}

(async () => {
  const result = {};
  result.execute = plainJson(await g.execute({ schema, document: g.parse('{ one { id later bare } list { id bare } }') }));
  result.executeCalls = calls.splice(0);
  result.stream = await payloads('{ items @stream(initialCount: 1) { id } list @stream(initialCount: 1) { id later } }');
  result.streamCalls = calls.splice(0);
  result.defer = await payloads('{ one { id ... @defer { later bare } } }');
  result.deferCalls = calls.splice(0);
  console.log(`RESULT ${JSON.stringify(result)}`);
})();
