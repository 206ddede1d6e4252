import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Unhandled rejections fail the run: a library that leaks one is broken.
    dangerouslyIgnoreUnhandledErrors: false,
    // Type-level tests (*.test-d.ts) are compiled by tsc, never run: a wrong parameter is a failing test.
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    // Coverage of src/ (the CLI and the sandbox included), collected in every run.
    coverage: {
      enabled: true,
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/generated/**'],
      reporter: ['text-summary', 'json-summary'],
      // Measured 05:58 on 29 Nov: lines 89.7 %, branches 85.4 % overall; the CLI 17 % of lines, because the
      // tests run it as a child process, which v8 coverage does not follow. Set a little below, to hold while
      // others add code; the goal is 90 / 85 with the CLI's children collected.
      thresholds: {
        lines: 87,
        branches: 83,
        'src/cli/**': { lines: 14, branches: 75 },
      },
    },
  },
});
