import { probe } from '../helpers/probe';

test('BOTANU_ENVIRONMENT sets botanu.environment on runs and deployment.environment.name on the resource', async () => {
  const r = await probe({ BOTANU_ENVIRONMENT: 'staging' }, { script: 'api/workflow-api.mjs' });
  const run = r.spans.find((s) => s.name === 'botanu.run/outer')!;
  expect(run.attributes['botanu.environment']).toBe('staging');
  expect(run.resource['deployment.environment.name']).toBe('staging');
});

test('default: production on runs, no deployment attribute invented on the resource', async () => {
  const r = await probe({}, { script: 'api/workflow-api.mjs' });
  const run = r.spans.find((s) => s.name === 'botanu.run/outer')!;
  expect(run.attributes['botanu.environment']).toBe('production');
  expect(run.resource['deployment.environment.name']).toBeUndefined();
});
