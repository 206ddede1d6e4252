// Which of the document's operations the sandbox serves, by tag, as the Markdown table docs/SANDBOX.md carries
// between its coverage markers (written by `npm run sandbox:coverage`, checked by the test suite).
import { openApiDocument, routeKey } from './document.js';

export const COVERAGE_START = '<!-- coverage:start (npm run sandbox:coverage writes this part) -->';
export const COVERAGE_END = '<!-- coverage:end -->';

/** The table for a route set of `METHOD /url/:param` entries (the server's `routes`). */
export function coverageTable(routes: ReadonlySet<string>): string {
  const byTag = new Map<string, { done: string[]; total: number }>();
  let done = 0;
  const operations = openApiDocument().operations;
  for (const operation of operations) {
    const entry = byTag.get(operation.tag) ?? { done: [], total: 0 };
    entry.total++;
    if (routes.has(routeKey(operation.method, operation.route))) {
      entry.done.push(`${operation.method} ${operation.path}`);
      done++;
    }
    byTag.set(operation.tag, entry);
  }
  const rows = [...byTag.entries()]
    .sort(([a, x], [b, y]) => y.done.length - x.done.length || a.localeCompare(b))
    .map(([tag, entry]) => `| ${tag} | ${entry.done.length} / ${entry.total} |`);
  const list = operations
    .filter((operation) => routes.has(routeKey(operation.method, operation.route)))
    .map((operation) => `\`${operation.method} ${operation.path}\``)
    .join(', ');
  return [
    `**${done} of the document's ${operations.length} operations are implemented.**`,
    '',
    '| Tag | Implemented |',
    '| --- | --- |',
    ...rows,
    '',
    `Implemented: ${list}.`,
  ].join('\n');
}

/** `markdown` with the part between the markers replaced by `table`. */
export function withCoverage(markdown: string, table: string): string {
  const start = markdown.indexOf(COVERAGE_START);
  const end = markdown.indexOf(COVERAGE_END);
  if (start < 0 || end < start) throw new Error('docs/SANDBOX.md has no coverage markers');
  return `${markdown.slice(0, start + COVERAGE_START.length)}\n${table}\n${markdown.slice(end)}`;
}
