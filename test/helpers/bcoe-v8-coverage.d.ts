// The one function used from @bcoe/v8-coverage (c8's merger of raw V8 coverage), which ships no types.
declare module '@bcoe/v8-coverage' {
  import type { Profiler } from 'node:inspector';
  export function mergeProcessCovs(processCovs: ReadonlyArray<{ result: Profiler.ScriptCoverage[] }>): {
    result: Profiler.ScriptCoverage[];
  };
}
