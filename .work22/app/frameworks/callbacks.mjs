// ESM app whose lru-memoizer, generic-pool and dataloader callbacks run later, for two runs at once.
import { botanuWorkflow } from '@botanu/agent';
import memoizer from 'lru-memoizer';
import genericPool from 'generic-pool';
import DataLoader from 'dataloader';
import work from './callbacks-work.cjs';

work.main({ memoizer, genericPool, DataLoader }, botanuWorkflow).catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
