// The URL-credential rule itself, on the forms the real-service tests cannot
// reach here (MongoDB Atlas, Kafka brokers, NATS, TLS Redis, text with URLs):
// the same function the agent applies to every span and the CLI to what it prints.
import { UrlSecretRule } from '../agent/config/url-secrets';

const rule = new UrlSecretRule(['my_key']);

test.each([
  ['mongodb+srv://app:PLANTED1@cluster0.ab12c.mongodb.net/shop?retryWrites=true&w=majority', 'mongodb+srv://REDACTED:REDACTED@cluster0.ab12c.mongodb.net/shop?retryWrites=true&w=majority'],
  ['mongodb://u:PLANTED2@h1:27017,h2:27017/db?replicaSet=rs0&authSource=admin', 'mongodb://REDACTED:REDACTED@h1:27017,h2:27017/db?replicaSet=rs0&authSource=admin'],
  ['rediss://:PLANTED3@cache.example.com:6380/0', 'rediss://REDACTED:REDACTED@cache.example.com:6380/0'],
  ['nats://token-PLANTED4@nats:4222', 'nats://REDACTED:REDACTED@nats:4222'],
  ['postgres://user:p@ssPLANTED5@db:5432/app?sslmode=require&password=PLANTED6', 'postgres://REDACTED:REDACTED@db:5432/app?sslmode=require&password=REDACTED'],
  ['request to https://api.example.com/v1?api_key=PLANTED7 failed, retrying https://u:PLANTED8@b.example.com/x?MY_KEY=PLANTED9&page=3', 'request to https://api.example.com/v1?api_key=REDACTED failed, retrying https://REDACTED:REDACTED@b.example.com/x?MY_KEY=REDACTED&page=3'],
  ['/cb?code=PLANTED10&state=xyz#access_token=PLANTED11&token_type=bearer', '/cb?code=REDACTED&state=xyz#access_token=REDACTED&token_type=bearer'],
  ['/s3/obj?X-Amz-Algorithm=AWS4-HMAC-SHA256&X%2DAmz%2DSignature=PLANTED12&x-amz-date=20260101T000000Z', '/s3/obj?X-Amz-Algorithm=AWS4-HMAC-SHA256&X%2DAmz%2DSignature=REDACTED&x-amz-date=20260101T000000Z'],
  // Left alone: no credential.
  ['https://cdn.example.com/npm/@scope/pkg@1.2.3/index.js', 'https://cdn.example.com/npm/@scope/pkg@1.2.3/index.js'],
  ['SELECT * FROM t WHERE a = ? AND token = ?', 'SELECT * FROM t WHERE a = ? AND token = ?'],
  ['support@example.com', 'support@example.com'],
  ['http://host/?q=a@b&keyword=x', 'http://host/?q=a@b&keyword=x'],
])('%s', (input, expected) => {
  expect(rule.redact(input)).toBe(expected);
});

test('attributes: url.query without "?", peer attributes with a bare user:password@, arrays, non-strings untouched', () => {
  const shared = ['https://u:PLANTED13@h/'];
  const attrs: Record<string, unknown> = {
    'url.query': 'Token=PLANTED14&page=2',
    'server.address': 'sasl-user:PLANTED15@broker-1.kafka:9092',
    'messaging.kafka.brokers': ['u:PLANTED16@b1:9092', 'b2:9092'],
    'some.list': shared,
    'http.response.status_code': 200,
    'enduser.id': 'alice@example.com',
  };
  rule.redactAttributes(attrs);
  expect(attrs).toEqual({
    'url.query': 'Token=REDACTED&page=2',
    'server.address': 'REDACTED:REDACTED@broker-1.kafka:9092',
    'messaging.kafka.brokers': ['REDACTED:REDACTED@b1:9092', 'b2:9092'],
    'some.list': ['https://REDACTED:REDACTED@h/'],
    'http.response.status_code': 200,
    'enduser.id': 'alice@example.com',
  });
  expect(shared).toEqual(['https://u:PLANTED13@h/']); // the app's own array is not changed
});
