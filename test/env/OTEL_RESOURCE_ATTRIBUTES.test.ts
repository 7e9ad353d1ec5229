import { linesMentioning, probe } from '../helpers/probe';

test('OTEL_RESOURCE_ATTRIBUTES are on the resource, percent-decoded', async () => {
  const r = await probe({ OTEL_RESOURCE_ATTRIBUTES: 'team=payments,k8s.namespace.name=prod,note=a%20b' });
  const res = r.spans[0].resource;
  expect(res.team).toBe('payments');
  expect(res['k8s.namespace.name']).toBe('prod');
  expect(res.note).toBe('a b');
});

test('a malformed entry is dropped with one warning; the good ones stay', async () => {
  const r = await probe({ OTEL_RESOURCE_ATTRIBUTES: 'team=payments,garbage,=novalue,bad=%E0%A4%A' });
  expect(r.code).toBe(0);
  expect(r.spans[0].resource.team).toBe('payments');
  expect(linesMentioning(r.stderr, 'OTEL_RESOURCE_ATTRIBUTES')).toHaveLength(1);
});
