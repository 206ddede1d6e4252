// Every example runs as a user would run it (npm test builds first), against its own sandbox.

import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { childEnv } from './helpers/child-coverage.js';

const run = promisify(execFile);
const dir = new URL('../examples/', import.meta.url);
const scripts = (await readdir(dir)).filter((f) => f.endsWith('.mjs') && f !== 'client.mjs');

describe('examples', () => {
  it('has examples', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(3);
  });

  it.each(scripts)(
    '%s runs to the end against a sandbox',
    async (script) => {
      const { stdout, stderr } = await run(process.execPath, [new URL(script, dir).pathname], {
        env: childEnv(),
        timeout: 30_000,
      });
      expect(stderr).toContain('NO CREDENTIALS SET');
      expect(stdout.trim().length).toBeGreaterThan(0);
    },
    40_000,
  );
});
