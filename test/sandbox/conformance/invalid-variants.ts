// Invalid requests derived from a valid case and the document: an unknown parameter, each required query
// parameter left out, a value outside each enum list, and each bounded integer one past its maximum.
import type { DocumentOperation } from '../../../src/sandbox/openapi/document.js';
import type { ConformanceCase } from './harness.js';

export interface Variant {
  label: string;
  request: ConformanceCase;
}

export function invalidVariants(operation: DocumentOperation, valid: ConformanceCase): Variant[] {
  // An operation that declares no error answer (GET /2/openapi.json) has nothing to refuse.
  if (!operation.responses['default']) return [];
  const query = valid.query ?? {};
  const variants: Variant[] = [
    {
      label: 'unknown parameter',
      request: { ...valid, query: { ...query, sandbox_unknown: 'x' }, status: 400 },
    },
  ];
  for (const parameter of operation.parameters) {
    if (parameter.in !== 'query') continue;
    const { schema } = parameter;
    if (parameter.required) {
      const { [parameter.name]: _left, ...rest } = query;
      variants.push({ label: `missing ${parameter.name}`, request: { ...valid, query: rest, status: 400 } });
    }
    const items = schema['items'] as { enum?: unknown } | undefined;
    if (schema['type'] === 'array' && Array.isArray(items?.enum)) {
      variants.push({
        label: `bad ${parameter.name} value`,
        request: { ...valid, query: { ...query, [parameter.name]: 'not_a_documented_value' }, status: 400 },
      });
    }
    if (schema['type'] === 'integer' && typeof schema['maximum'] === 'number') {
      variants.push({
        label: `${parameter.name} out of range`,
        request: {
          ...valid,
          query: { ...query, [parameter.name]: String(schema['maximum'] + 1) },
          status: 400,
        },
      });
    }
  }
  return variants;
}
