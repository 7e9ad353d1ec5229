// What both graphql fixtures do, given graphql, graphql-http's Node handler and
// dataloader as the fixture loaded them (require or import): serve a schema whose
// `user` resolver loads through a DataLoader (its batch makes an HTTP call), then
// inside one run query it over HTTP and once in-process with graphql().
const http = require('node:http');
const { startTarget } = require('./ping-target.cjs');

async function main({ graphql, createHandler, DataLoader }, botanuWorkflow) {
  const target = await startTarget();
  const fetchUsers = (ids) => target.ping('users').then(() => ids.map((id) => ({ id, name: `user-${id}` })));

  const { GraphQLObjectType, GraphQLSchema, GraphQLString, GraphQLNonNull, GraphQLID } = graphql;
  const User = new GraphQLObjectType({ name: 'User', fields: { id: { type: GraphQLID }, name: { type: GraphQLString } } });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        user: { type: User, args: { id: { type: new GraphQLNonNull(GraphQLID) } }, resolve: (_src, { id }, ctx) => ctx.users.load(id) },
        hello: { type: GraphQLString, resolve: () => 'world' },
      },
    }),
  });
  const handler = createHandler({ schema, context: () => ({ users: new DataLoader(fetchUsers) }) });
  const server = http.createServer(handler);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/graphql`;

  const run = botanuWorkflow({ name: 'graphql', eventId: 'evt-gql-1', customerId: 'cust-gql' }, async () => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'query GetUser($id: ID!) { user(id: $id) { id name } hello }', variables: { id: 'secret-id-7' } }) });
    console.log(JSON.stringify(await res.json()));
    const local = await graphql.graphql({ schema, source: '{ hello }', contextValue: { users: new DataLoader(fetchUsers) } });
    console.log(JSON.stringify(local));
  });
  await run();
  server.close();
  target.close();
  console.log('DONE');
}

module.exports = { main };
