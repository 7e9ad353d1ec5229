// What both Apollo fixtures do (installed apart, with graphql 16, in frameworks/apollo/),
// given @apollo/server and its standalone server as the fixture loaded them: serve a
// schema whose `user` resolver makes an HTTP call, and query it inside one run.
const { startTarget } = require('../ping-target.cjs');

const typeDefs = 'type User { id: ID! name: String! } type Query { user(id: ID!): User hello: String }';

async function main({ ApolloServer, startStandaloneServer }, botanuWorkflow) {
  const target = await startTarget();
  const resolvers = {
    Query: {
      user: async (_src, { id }) => {
        await target.ping('users');
        return { id, name: `user-${id}` };
      },
      hello: () => 'world',
    },
  };
  const server = new ApolloServer({ typeDefs, resolvers });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  const run = botanuWorkflow({ name: 'apollo', eventId: 'evt-apollo-1', customerId: 'cust-apollo' }, async () => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'query GetUser($id: ID!) { user(id: $id) { id name } hello }', variables: { id: 'secret-id-7' } }) });
    console.log(JSON.stringify(await res.json()));
  });
  await run();
  await server.stop();
  target.close();
  console.log('DONE');
}

module.exports = { main };
