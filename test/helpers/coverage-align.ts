// Vitest maps its workers' coverage through esbuild's source maps and the children's goes through tsc's. With
// the AST-aware converter both list the same nodes, but the two maps do not place every node alike (esbuild's
// ends are often nowhere, tsc's starts sometimes one token late), and istanbul merges two entries only when their
// whole location matches. So each entry of a child takes the location of vitest's entry for the same node before
// the merge adds up the hits: the same kind at the same start, or else the only one of its kind left on that line.
// An entry with no counterpart is kept as it is.

import type { FileCoverageData, Range } from 'istanbul-lib-coverage';

/** `child` with every statement, function and branch that `target` also has under `target`'s location. */
export function alignTo(target: FileCoverageData, child: FileCoverageData): FileCoverageData {
  return {
    ...child,
    statementMap: align(child.statementMap, target.statementMap, (s) => s),
    fnMap: align(child.fnMap, target.fnMap, (f) => f.decl),
    branchMap: align(
      child.branchMap,
      target.branchMap,
      (b) => b.loc,
      (b) => `${b.type}/${b.locations.length}`,
    ),
  };
}

function align<T>(
  items: Record<string, T>,
  targets: Record<string, T>,
  loc: (item: T) => Range,
  kind: (item: T) => string = () => '',
): Record<string, T> {
  const aligned = new Map<string, T>();
  const free = new Set(Object.values(targets));
  const pass = (key: (item: T) => string, unique: boolean) => {
    const byKey = new Map<string, T[]>();
    for (const target of free) byKey.set(key(target), [...(byKey.get(key(target)) ?? []), target]);
    const left = Object.entries(items).filter(([id]) => !aligned.has(id));
    const count = (k: string) => left.filter(([, item]) => key(item) === k).length;
    for (const [id, item] of left) {
      const candidates = byKey.get(key(item)) ?? [];
      if (candidates.length === 0 || (unique && (candidates.length > 1 || count(key(item)) > 1))) continue;
      const target = candidates.shift() as T;
      free.delete(target);
      aligned.set(id, target);
    }
  };
  pass((item) => `${kind(item)} ${loc(item).start.line}:${loc(item).start.column}`, false);
  pass((item) => `${kind(item)} ${loc(item).start.line}`, true);
  return Object.fromEntries(Object.entries(items).map(([id, item]) => [id, aligned.get(id) ?? item]));
}
