// Vitest's v8 coverage plus the coverage of the Node processes the tests start. Vitest follows only its own
// workers, while the CLI tests, the examples and the README's examples run the built dist/ JavaScript in child
// processes. Each child writes raw V8 coverage (test/helpers/child-coverage.ts); after the run this provider
// merges it per script (with c8's merger), converts it back to src/ through tsc's source maps with the v8
// provider's own converter, lines it up with the workers' entries (coverage-align.ts) and adds it to vitest's map,
// so the report and the thresholds see both.

import { readdir, readFile } from 'node:fs/promises';
import type { Profiler } from 'node:inspector';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { mergeProcessCovs } from '@bcoe/v8-coverage';
import v8Module from '@vitest/coverage-v8';
import { V8CoverageProvider } from '@vitest/coverage-v8/dist/provider.js';
import type { CoverageMap, CoverageMapData, FileCoverageData } from 'istanbul-lib-coverage';
import type { CoverageProviderModule, ReportContext, Vitest } from 'vitest/node';
import { CHILD_COVERAGE_DIR_VARIABLE } from './child-coverage.js';
import { alignTo } from './coverage-align.js';

/** The v8 provider's converter, private in its types: the children's coverage goes through the same one. */
interface Converter {
  v8ToIstanbul(
    url: string,
    wrapperLength: number,
    sources: { source: string; originalSource: string; sourceMap: { sourcemap: SourceMap } },
    functions: Profiler.FunctionCoverage[],
  ): Promise<CoverageMapData>;
}

interface SourceMap {
  version: 3;
  sources: string[];
  sourcesContent?: string[];
  mappings: string;
  names: string[];
}

interface ProcessCoverage {
  result: Profiler.ScriptCoverage[];
}

class ChildProcessCoverageProvider extends V8CoverageProvider {
  private childrenDirectory = '';

  override initialize(ctx: Vitest): void {
    super.initialize(ctx);
    // Inside vitest's temporary directory, which it empties before and removes after every run. Workers start
    // after this with a copy of this process's environment, so the tests' childEnv() sees it.
    this.childrenDirectory = join(this.coverageFilesDirectory, 'children');
    process.env[CHILD_COVERAGE_DIR_VARIABLE] = this.childrenDirectory;
  }

  override async generateCoverage(context: ReportContext): Promise<CoverageMap> {
    const coverageMap = await super.generateCoverage(context);
    const children = await this.childCoverage();
    for (const [file, child] of Object.entries(children)) {
      const ours = coverageMap.files().includes(file)
        ? coverageMap.fileCoverageFor(file).toJSON()
        : undefined;
      coverageMap.merge({ [file]: ours ? alignTo(ours as FileCoverageData, child) : child });
    }
    return coverageMap;
  }

  /** The children's coverage of the built files, merged per script and mapped back to the included sources. */
  private async childCoverage(): Promise<CoverageMapData> {
    const dist = pathToFileURL(resolve(this.ctx.config.root, 'dist')).href + '/';
    let merged: ProcessCoverage = { result: [] };
    const files = await readdir(this.childrenDirectory).catch(() => [] as string[]);
    for (const name of files.filter((f) => f.endsWith('.json'))) {
      const raw = JSON.parse(await readFile(join(this.childrenDirectory, name), 'utf8')) as ProcessCoverage;
      const ours = raw.result.filter((script) => script.url.startsWith(dist));
      merged = mergeProcessCovs([merged, { result: ours }]) as ProcessCoverage;
    }
    const converter = this as unknown as Partial<Converter>;
    if (typeof converter.v8ToIstanbul !== 'function') {
      throw new Error(
        '@vitest/coverage-v8 no longer has v8ToIstanbul(): update test/helpers/coverage-provider.ts.',
      );
    }
    const out: CoverageMapData = {};
    for (const script of merged.result) {
      const data = await converter.v8ToIstanbul(
        script.url,
        0,
        await builtSources(script.url),
        script.functions,
      );
      for (const [file, fileData] of Object.entries(data)) {
        if (this.testExclude.shouldInstrument(file)) out[file] = fileData;
      }
    }
    return out;
  }
}

/** A built file, its tsc source map (sources made absolute) and the TypeScript it came from. */
async function builtSources(url: string) {
  const file = fileURLToPath(url);
  const source = await readFile(file, 'utf8');
  const map = JSON.parse(await readFile(`${file}.map`, 'utf8')) as SourceMap;
  const sources = map.sources.map((s) => new URL(s, url).href);
  const sourcesContent = await Promise.all(sources.map((s) => readFile(fileURLToPath(s), 'utf8')));
  const originalSource = sourcesContent[0] ?? '';
  return { source, originalSource, sourceMap: { sourcemap: { ...map, sources, sourcesContent } } };
}

const provider: CoverageProviderModule = {
  ...v8Module,
  getProvider: () => new ChildProcessCoverageProvider(),
};

export default provider;
