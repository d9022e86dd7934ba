import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findCycles, loadImportGraph, type ImportGraph } from './import-graph';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function graphOf(edges: Record<string, string[]>): ImportGraph {
  return new Map(Object.entries(edges).map(([from, to]) => [from, new Set(to)]));
}

describe('findCycles', () => {
  it('finds none in a layered graph', () => {
    expect(findCycles(graphOf({ 'cli/a.ts': ['service/b.ts', 'shared/c.ts'], 'service/b.ts': ['shared/c.ts'], 'shared/c.ts': [] }))).toEqual([]);
  });

  it('gives each cycle once, as a shortest path back to its first file', () => {
    const graph = graphOf({
      'a.ts': ['b.ts'],
      'b.ts': ['c.ts', 'a.ts'],
      'c.ts': ['a.ts'],
      'd.ts': ['d.ts'],
      'e.ts': ['a.ts'],
    });
    expect(findCycles(graph)).toEqual([
      ['a.ts', 'b.ts', 'a.ts'],
      ['d.ts', 'd.ts'],
    ]);
  });
});

it('resolves imports the way TypeScript does, and the tree has no import cycle', () => {
  const graph = loadImportGraph(ROOT);
  // `.js` suffixes, index files and type-only imports all count as edges.
  expect(graph.get('engine/grid/check.ts')).toEqual(expect.any(Set));
  expect([...graph.get('engine/grid/check.ts')!]).toEqual(expect.arrayContaining(['engine/chk/index.ts', 'engine/grid/types.ts', 'engine/storage/types.ts']));
  expect(findCycles(graph)).toEqual([]);
});
