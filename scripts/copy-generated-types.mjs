#!/usr/bin/env node
// tsc emits no .d.ts it did not write: the generated declarations are copied into dist/ beside the code that
// imports them (as types only, so no JavaScript of theirs exists to ship).

import { cp } from 'node:fs/promises';

await cp(new URL('../src/generated/', import.meta.url), new URL('../dist/generated/', import.meta.url), {
  recursive: true,
});
