// One GET over real HTTP for the transparency fixture apps: resolves
// "<status> <body>", so plain and agent runs can be compared as text.
const http = require('node:http');

module.exports = function getText(port, path) {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve(`${res.statusCode} ${body}`));
      })
      .on('error', reject);
  });
};
