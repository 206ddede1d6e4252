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
  },
});
