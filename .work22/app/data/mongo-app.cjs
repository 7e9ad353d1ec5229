// A CommonJS app using the mongodb driver and mongoose inside one run (MONGO_URL).
const { MongoClient } = require('mongodb');
const mongoose = require('mongoose');
const { botanuWorkflow } = require('@botanu/agent');
const { main } = require('./mongo-work.cjs');

main({ MongoClient, mongoose }, botanuWorkflow).catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
