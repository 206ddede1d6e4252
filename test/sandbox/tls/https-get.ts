// One https GET that trusts only `ca` (no agent, so nothing is pooled); `servername` checks another SAN.
import https from 'node:https';

export interface Answer {
  status: number;
  body: string;
}

export function httpsGet(
  url: string,
  headers: Record<string, string>,
  ca: string,
  servername?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const options = { headers, ca, agent: false, ...(servername ? { servername } : {}) };
    const req = https.request(url, options, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
