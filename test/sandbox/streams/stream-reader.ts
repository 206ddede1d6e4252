// Opens a sandbox stream over node:http and records every byte, so tests can wait for frames and keep-alives.
import http from 'node:http';

export interface OpenStream {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Everything received so far. */
  readonly received: string;
  /** JSON messages received so far (keep-alives skipped). */
  messages(): Record<string, unknown>[];
  /** Resolves once `predicate` holds for the text received, rejects after `timeoutMs`. */
  waitFor(predicate: (received: string) => boolean, timeoutMs?: number): Promise<void>;
  /** How the response ended: `end` (clean), `aborted` (socket broke). */
  readonly finished: Promise<'end' | 'aborted'>;
  close(): void;
}

export function openStream(
  base: string,
  path: string,
  bearer: string,
  query: Record<string, string> = {},
): Promise<OpenStream> {
  const url = new URL(path, base);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return new Promise((resolve, reject) => {
    const request = http.get(
      url,
      { headers: { authorization: `Bearer ${bearer}` }, agent: false },
      (response) => {
        let received = '';
        const waiters = new Set<() => void>();
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          received += chunk;
          for (const waiter of waiters) waiter();
        });
        const finished = new Promise<'end' | 'aborted'>((done) => {
          response.on('end', () => done('end'));
          response.on('aborted', () => done('aborted'));
          response.on('error', () => done('aborted'));
          response.on('close', () => done(response.complete ? 'end' : 'aborted'));
        });
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          get received() {
            return received;
          },
          messages: () =>
            received
              .split('\r\n')
              .filter((line) => line !== '')
              .map((line) => JSON.parse(line) as Record<string, unknown>),
          waitFor(predicate, timeoutMs = 3000) {
            return new Promise<void>((ok, fail) => {
              const check = () => {
                if (!predicate(received)) return;
                waiters.delete(check);
                clearTimeout(timer);
                ok();
              };
              const timer = setTimeout(() => {
                waiters.delete(check);
                fail(new Error(`Timed out; received so far: ${JSON.stringify(received)}`));
              }, timeoutMs);
              waiters.add(check);
              check();
            });
          },
          finished,
          close: () => request.destroy(),
        });
      },
    );
    request.on('error', reject);
  });
}
