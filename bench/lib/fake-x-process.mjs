// A lean fake X for the requests benchmark, in a process of its own: it answers POST /2/tweets and
// GET /2/users/me with the bodies and rate-limit headers docs/XAPI.md records, and refuses a request without
// an OAuth 1.0a header. Not the sandbox (peony/sandbox): even in another process, its work
// (fastify, signature checks, OpenAPI checks, request log) is most of each request's latency, so a wall time
// against it would still mostly measure the sandbox. What each client sends is checked against the sandbox
// by the tests; here only the client's own cost is wanted. Prints one JSON line {url, credentials} and runs
// until killed.

import http from 'node:http';

const credentials = {
  consumerKey: 'bench-consumer-key',
  consumerSecret: 'bench-consumer-secret',
  accessToken: '2244994945-bench-access-token',
  accessTokenSecret: 'bench-access-token-secret',
};
const me = JSON.stringify({ data: { id: '2244994945', name: 'X Developers', username: 'XDevelopers' } });
let nextId = 1445880548472328192n;

function answer(res, status, body) {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'x-rate-limit-limit': '1000000000',
    'x-rate-limit-remaining': '999999999',
    'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 900),
  });
  res.end(body);
}

const server = http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('OAuth ') || !auth.includes('oauth_signature=')) {
      answer(
        res,
        401,
        JSON.stringify({ title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' }),
      );
      return;
    }
    if (req.method === 'POST' && req.url === '/2/tweets') {
      const { text } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      answer(res, 201, JSON.stringify({ data: { id: String(nextId++), text } }));
    } else if (req.method === 'GET' && req.url === '/2/users/me') {
      answer(res, 200, me);
    } else {
      answer(
        res,
        404,
        JSON.stringify({ title: 'Not Found Error', type: 'about:blank', status: 404, detail: req.url }),
      );
    }
  });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}`, credentials })}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
