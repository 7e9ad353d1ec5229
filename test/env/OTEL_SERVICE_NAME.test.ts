import { probe } from '../helpers/probe';

test('OTEL_SERVICE_NAME names the service', async () => {
  const r = await probe({ OTEL_SERVICE_NAME: 'svc-from-otel' });
  expect(r.spans.length).toBeGreaterThan(0);
  for (const s of r.spans) expect(s.resource['service.name']).toBe('svc-from-otel');
});

test('BOTANU_SERVICE_NAME takes priority over OTEL_SERVICE_NAME', async () => {
  const r = await probe({ OTEL_SERVICE_NAME: 'svc-from-otel', BOTANU_SERVICE_NAME: 'svc-from-botanu' });
  for (const s of r.spans) expect(s.resource['service.name']).toBe('svc-from-botanu');
});

test('without either, service.name from OTEL_RESOURCE_ATTRIBUTES, else unknown_service:node', async () => {
  expect((await probe({ OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attrs' })).spans[0].resource['service.name']).toBe('from-attrs');
  expect((await probe({})).spans[0].resource['service.name']).toBe('unknown_service:node');
});
