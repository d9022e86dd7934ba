/**
 * The import graph of the project's TypeScript sources, and the import cycles
 * in it. Run `node --import tsx scripts/import-graph.ts`: it prints every
 * cycle and exits with 1 if there is one (`--folders` also prints which
 * top-level folders import which).
 *
 * The files are the ones tsconfig.json compiles, and every import is resolved
 * by TypeScript's own module resolution, so `.js` suffixes on `.ts` files,
 * index files and the like mean what they mean to the compiler. Type-only
 * imports count too: a cycle of types is still two modules that cannot be
 * understood one without the other. Imports that resolve into node_modules
 * are not part of the graph.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

/** Each source file (relative to the root, with `/`) and the project files it imports. */
export type ImportGraph = Map<string, Set<string>>;

export function loadImportGraph(rootDir: string): ImportGraph {
  const root = path.resolve(rootDir);
  const options = readCompilerOptions(root);
  const cache = ts.createModuleResolutionCache(root, (name) => name, options.options);
  const graph: ImportGraph = new Map();
  for (const file of options.fileNames) {
    const from = relative(root, file);
    const targets = new Set<string>();
    for (const specifier of moduleSpecifiers(file)) {
      const resolved = ts.resolveModuleName(specifier, file, options.options, ts.sys, cache).resolvedModule;
      if (!resolved || resolved.isExternalLibraryImport) continue;
      const to = relative(root, resolved.resolvedFileName);
      if (to.startsWith('../') || to.split('/').includes('node_modules')) continue;
      targets.add(to);
    }
    graph.set(from, targets);
  }
  return graph;
}

function readCompilerOptions(root: string): ts.ParsedCommandLine {
  const configPath = path.join(root, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, configPath);
}

function relative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/** Every module a file names: static and dynamic imports, re-exports, `require`, `import('x').T` types. */
function moduleSpecifiers(file: string): string[] {
  const text = ts.sys.readFile(file) ?? '';
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, scriptKind(file));
  const found: string[] = [];
  const literal = (node: ts.Node | undefined) => {
    if (node && ts.isStringLiteralLike(node)) found.push(node.text);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      literal(node.moduleSpecifier);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      literal(node.moduleReference.expression);
    } else if (ts.isCallExpression(node)) {
      const dynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const requireCall = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if (dynamicImport || requireCall) literal(node.arguments[0]);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      literal(node.argument.literal);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function scriptKind(file: string): ts.ScriptKind {
  return file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
}

/**
 * The import cycles: one per group of files that all reach each other
 * (a strongly connected component, Tarjan's algorithm), given as one shortest
 * cycle through the group's first file, e.g. `[a, b, a]`. A file that imports
 * itself is a cycle of one.
 */
export function findCycles(graph: ImportGraph): string[][] {
  return stronglyConnected(graph)
    .filter((group) => group.length > 1 || graph.get(group[0])?.has(group[0]))
    .map((group) => shortestCycle(graph, group.sort()))
    .sort((a, b) => a[0].localeCompare(b[0]));
}

function stronglyConnected(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const groups: string[][] = [];
  let next = 0;
  const connect = (file: string): void => {
    index.set(file, next);
    lowLink.set(file, next);
    next += 1;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        connect(target);
        lowLink.set(file, Math.min(lowLink.get(file)!, lowLink.get(target)!));
      } else if (onStack.has(target)) {
        lowLink.set(file, Math.min(lowLink.get(file)!, index.get(target)!));
      }
    }
    if (lowLink.get(file) !== index.get(file)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== file);
    groups.push(group);
  };
  for (const file of graph.keys()) if (!index.has(file)) connect(file);
  return groups;
}

/** Breadth-first from the group's first file back to itself, staying inside the group. */
function shortestCycle(graph: ImportGraph, group: string[]): string[] {
  const start = group[0];
  const members = new Set(group);
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const target of graph.get(file) ?? []) {
      if (!members.has(target)) continue;
      if (target === start) {
        const cycle = [start];
        for (let at: string | undefined = file; at !== undefined && at !== start; at = cameFrom.get(at)) cycle.splice(1, 0, at);
        cycle.push(start);
        return cycle;
      }
      if (!cameFrom.has(target)) {
        cameFrom.set(target, file);
        queue.push(target);
      }
    }
  }
  return [...group, start];
}

/** How many imports go from each top-level folder to each other one (root files count as `.`). */
export function folderEdges(graph: ImportGraph): Map<string, number> {
  const folderOf = (file: string) => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '.');
  const counts = new Map<string, number>();
  for (const [from, targets] of graph) {
    for (const to of targets) {
      if (folderOf(from) === folderOf(to)) continue;
      const key = `${folderOf(from)} -> ${folderOf(to)}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return new Map([...counts].sort(([a], [b]) => a.localeCompare(b)));
}

function main(): void {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
  const graph = loadImportGraph(root);
  if (process.argv.includes('--folders')) {
    for (const [edge, count] of folderEdges(graph)) console.log(`${edge}: ${count}`);
  }
  const cycles = findCycles(graph);
  if (cycles.length === 0) {
    console.log(`No import cycles among ${graph.size} files.`);
    return;
  }
  console.log(`${cycles.length} import cycle(s):`);
  for (const cycle of cycles) console.log(`  ${cycle.join(' -> ')}`);
  process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
