import { defineConfig } from 'vitest/config';
import type { CoverageV8Options } from 'vitest/node';

// Coverage of src/ (the CLI and the sandbox included), collected in every run. The provider is vitest's v8 one
// extended to add the child processes the tests start (the built CLI, the examples): test/helpers/coverage-provider.ts.
// It reads all of v8's options; vitest's types allow a custom provider only the common ones, hence the spread.
const coverage: CoverageV8Options = {
  enabled: true,
  include: ['src/**/*.ts'],
  exclude: ['src/generated/**'],
  reporter: ['text-summary', 'json-summary'],
  // Statements and branches read from the AST (vitest 4's only mode): the children's coverage, mapped through
  // tsc's source maps, then lands on the same entries as the workers' (test/helpers/coverage-align.ts).
  experimentalAstAwareRemapping: true,
  // Measured 05:58 on 29 Nov: lines 89.7 %, branches 85.4 % overall; the CLI 17 % of lines, because the
  // tests run it as a child process, which v8 coverage does not follow. Set a little below, to hold while
  // others add code; the goal is 90 / 85 with the CLI's children collected.
  thresholds: {
    lines: 87,
    branches: 83,
    'src/cli/**': { lines: 15, branches: 75 },
  },
};

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Unhandled rejections fail the run: a library that leaks one is broken.
    dangerouslyIgnoreUnhandledErrors: false,
    // Type-level tests (*.test-d.ts) are compiled by tsc, never run: a wrong parameter is a failing test.
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    coverage: {
      provider: 'custom',
      customProviderModule: './test/helpers/coverage-provider.ts',
      ...coverage,
    },
  },
});
