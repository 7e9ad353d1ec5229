// A stand-in for the AWS endpoints (no AWS here): answers S3 PutObject, SQS
// SendMessage and DynamoDB GetItem the way the services do, and records every
// request so a test can read what the SDK put on the wire (GET /__requests).
const http = require('node:http');
const crypto = require('node:crypto');

const requests = [];
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString();
    if (req.url === '/__requests') {
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify(requests));
    }
    const target = String(req.headers['x-amz-target'] ?? '');
    requests.push({ method: req.method, url: req.url, target, headers: req.headers, body });
    if (target === 'AmazonSQS.SendMessage') {
      const msg = JSON.parse(body);
      res.setHeader('content-type', 'application/x-amz-json-1.0');
      return res.end(JSON.stringify({ MessageId: crypto.randomUUID(), MD5OfMessageBody: crypto.createHash('md5').update(msg.MessageBody).digest('hex') }));
    }
    if (target.startsWith('DynamoDB_')) {
      res.setHeader('content-type', 'application/x-amz-json-1.0');
      return res.end('{}');
    }
    if (req.method === 'PUT') {
      res.setHeader('etag', '"' + crypto.createHash('md5').update(body).digest('hex') + '"');
      return res.end();
    }
    res.statusCode = 400;
    res.end();
  });
});
server.listen(0, '127.0.0.1', () => console.log(`READY ${server.address().port}`));
