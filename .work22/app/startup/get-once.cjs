// One GET to a listening server of the fixture itself: resolves with the body, then closes the server.
const http = require('node:http');

module.exports = function getOnce(server, path) {
  return new Promise((resolve, reject) => {
    http
      .get(`http://127.0.0.1:${server.address().port}${path}`, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => {
          server.close();
          resolve(body);
        });
      })
      .on('error', reject);
  });
};
