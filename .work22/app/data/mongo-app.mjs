// The same app as ESM: the libraries come in through import.
import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
import { botanuWorkflow } from '@botanu/agent';
import work from './mongo-work.cjs';

work.main({ MongoClient, mongoose }, botanuWorkflow).catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
