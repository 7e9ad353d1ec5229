// The work both mongo-app fixtures do, given the libraries as loaded by the
// fixture (require or import): one run using the mongodb driver, then mongoose.
const SECRET = 'secret-field-value';

async function main({ MongoClient, mongoose }, botanuWorkflow) {
  const work = botanuWorkflow({ name: 'mongo-work', eventId: 'evt-m-1', customerId: 'cust-m' }, async () => {
    const client = new MongoClient(process.env.MONGO_URL, { directConnection: true, serverSelectionTimeoutMS: 3000 });
    await client.connect();
    const docs = client.db('test').collection('docs');
    await docs.insertOne({ name: 'd-1', body: SECRET });
    await docs.findOne({ name: 'd-1' });
    await client.close();

    await mongoose.connect(process.env.MONGO_URL, { dbName: 'test', directConnection: true, serverSelectionTimeoutMS: 3000, autoIndex: false, autoCreate: false });
    const Doc = mongoose.model('Doc', new mongoose.Schema({ name: String, body: String }));
    await Doc.create({ name: 'd-2', body: SECRET });
    await Doc.findOne({ name: 'd-2' }).exec();
    await mongoose.disconnect();
  });
  await work();
  console.log('DONE');
}

module.exports = { main, SECRET };
