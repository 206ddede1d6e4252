// Conformance of the sandbox to X's OpenAPI document. Every case of cases/*.ts is sent as given, then as the
// invalid variants the document implies (unknown parameter, missing required, bad enum, out of range); every
// answer's status, content type and body are checked against the document.
//
// To add an area: write cases/<area>.ts whose default export is a CaseFile (see harness.ts): an async function
// that creates what it needs through the harness and returns one valid ConformanceCase per operation (more for
// fields, expansions, pagination). Nothing else to register: the runner loads every file in cases/.
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { openApiDocument, routeKey, routeOfTemplate } from '../../../src/sandbox/openapi/document.js';
import { documentValidator } from '../../../src/sandbox/openapi/schema-validator.js';
import { checkAnswer } from './check-answer.js';
import { type CaseFile, type ConformanceCase, harness } from './harness.js';
import { invalidVariants } from './invalid-variants.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

const caseDir = new URL('./cases/', import.meta.url);
const caseFiles = (await readdir(caseDir)).filter((name) => name.endsWith('.ts')).sort();

function concretePath(template: string, values: Record<string, string> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (_all, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${template}`);
    return encodeURIComponent(value);
  });
}

describe('the sandbox against X OpenAPI document', () => {
  it.each(caseFiles)('answers as documented: %s', async (file) => {
    const document = openApiDocument();
    const validator = documentValidator();
    const h = harness(sb);
    const { default: build } = (await import(new URL(file, caseDir).href)) as { default: CaseFile };
    const cases = await build(h);
    const violations: string[] = [];
    let checks = 0;
    const run = async (label: string, request: ConformanceCase, expectValid: boolean) => {
      const [method = '', template = ''] = request.operation.split(' ');
      const operation = document.byRoute.get(routeKey(method, routeOfTemplate(template)));
      if (!operation) {
        violations.push(`${request.operation}: not an operation of the document`);
        return;
      }
      const answer = await h.send(method, concretePath(template, request.path), {
        ...(request.query ? { query: request.query } : {}),
        ...(request.json !== undefined ? { json: request.json } : {}),
        ...(request.auth ? { auth: request.auth } : {}),
      });
      checks++;
      const where = `${request.operation} (${label})`;
      const wanted = request.status;
      if (wanted !== undefined ? answer.status !== wanted : !expectValid || answer.status >= 300) {
        violations.push(
          `${where}: status ${answer.status}, expected ${wanted ?? '2xx'}: ${answer.text.slice(0, 300)}`,
        );
      }
      const problems = checkAnswer(validator, operation, {
        status: answer.status,
        contentType: answer.headers.get('content-type') ?? '',
        text: answer.text,
      });
      for (const problem of problems) violations.push(`${where}: ${problem}`);
    };
    for (const valid of cases) {
      await run('valid', valid, true);
      const [method = '', template = ''] = valid.operation.split(' ');
      const operation = document.byRoute.get(routeKey(method, routeOfTemplate(template)));
      if (!operation) continue;
      for (const variant of invalidVariants(operation, valid))
        await run(variant.label, variant.request, false);
    }
    console.log(
      `conformance ${file}: ${cases.length} cases, ${checks} answers checked, ${violations.length} violations`,
    );
    expect(violations).toEqual([]);
  });
});
