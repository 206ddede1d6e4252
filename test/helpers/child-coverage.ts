// Coverage of the Node processes the tests start (the built CLI, the examples): while coverage is on, the
// coverage provider (test/helpers/coverage-provider.ts) names a directory in this variable, and every child started with
// childEnv() writes its raw V8 coverage there (NODE_V8_COVERAGE) for the provider to merge into the report.

export const CHILD_COVERAGE_DIR_VARIABLE = 'PEONY_TEST_CHILD_COVERAGE_DIR';

/** The environment for a child process: PATH, the coverage directory when coverage is on, then `env`. */
export function childEnv(env: Record<string, string> = {}): Record<string, string> {
  const dir = process.env[CHILD_COVERAGE_DIR_VARIABLE];
  return { PATH: process.env.PATH ?? '', ...(dir ? { NODE_V8_COVERAGE: dir } : {}), ...env };
}
