import { linesMentioning, probe } from '../helpers/probe';

test('default detectors: env, host, process (no cloud probes)', async () => {
  const res = (await probe({ OTEL_RESOURCE_ATTRIBUTES: 'a=b' })).spans[0].resource;
  expect(res['host.name']).toBeTruthy();
  expect(res['process.pid']).toEqual(expect.any(Number));
  expect(res.a).toBe('b');
  expect(res['os.type']).toBeUndefined();
});

test('only env', async () => {
  const res = (await probe({ OTEL_NODE_RESOURCE_DETECTORS: 'env', OTEL_RESOURCE_ATTRIBUTES: 'a=b' })).spans[0].resource;
  expect(res.a).toBe('b');
  expect(res['host.name']).toBeUndefined();
  expect(res['process.pid']).toBeUndefined();
});

test('none keeps only the service identity; all adds os', async () => {
  const none = (await probe({ OTEL_NODE_RESOURCE_DETECTORS: 'none', OTEL_RESOURCE_ATTRIBUTES: 'a=b' })).spans[0].resource;
  expect(none.a).toBeUndefined();
  expect(none['host.name']).toBeUndefined();
  expect(none['service.name']).toBeDefined();
  expect((await probe({ OTEL_NODE_RESOURCE_DETECTORS: 'all' })).spans[0].resource['os.type']).toBe('linux');
});

test('an unknown detector (e.g. a cloud one) warns once and the rest apply', async () => {
  const r = await probe({ OTEL_NODE_RESOURCE_DETECTORS: 'host,gcp' });
  expect(r.spans[0].resource['host.name']).toBeTruthy();
  expect(linesMentioning(r.stderr, 'OTEL_NODE_RESOURCE_DETECTORS')).toHaveLength(1);
});
