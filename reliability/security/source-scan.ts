/**
 * A small static scanner for the Electron checklist (in the spirit of
 * Electronegativity, written for this codebase): reads the shell's sources
 * with comments stripped and pulls out the callbacks handed to a call, so a
 * test can say what every IPC handler or event handler does first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Every .ts file under electron/ except tests, keyed by its path there ('main.ts', 'host/service-host.ts'),
 * comments removed (a commented-out check must not count). Sub-folders count: the host plumbing lives in electron/host/.
 */
export function electronSources(root = path.resolve('electron')): Map<string, string> {
  const sources = new Map<string, string>();
  for (const name of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    if (!name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
    sources.set(name.split(path.sep).join('/'), stripComments(readFileSync(path.join(root, name), 'utf8')));
  }
  return sources;
}

export function stripComments(source: string): string {
  // Good enough for this code: no "//" or "/*" inside the string literals that matter here except URLs, which keep their "://".
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** The text from `open` to its matching `close`, starting at index `from` (which points at `open`). */
function balanced(text: string, from: number, open = '{', close = '}'): string {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    if (text[i] === open) depth++;
    else if (text[i] === close && --depth === 0) return text.slice(from, i + 1);
  }
  return text.slice(from);
}

export interface CallSite {
  /** The whole argument list, parentheses included. */
  args: string;
  /** The body of the first function argument ({...}, or the expression of a concise arrow). */
  callbackBody: string;
}

/** Every call of `callee` (e.g. "ipcMain.handle") in the text, with its callback's body. */
export function callSites(text: string, callee: string): CallSite[] {
  const sites: CallSite[] = [];
  const pattern = new RegExp(`${callee.replace(/\./g, '\\.')}\\(`, 'g');
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const args = balanced(text, match.index + match[0].length - 1, '(', ')');
    const arrow = /=>\s*/.exec(args);
    const fn = /function\s*\w*\s*\([^)]*\)\s*/.exec(args);
    const start = arrow ? arrow.index + arrow[0].length : fn ? fn.index + fn[0].length : -1;
    const callbackBody = start < 0 ? '' : args[start] === '{' ? balanced(args, start) : args.slice(start, args.length - 1);
    sites.push({ args, callbackBody });
  }
  return sites;
}

/** The first statement of a callback body (what runs before anything else). */
export function firstStatement(body: string): string {
  const inner = body.startsWith('{') ? body.slice(1, -1).trim() : body.trim();
  const end = inner.search(/;|\n/);
  return end < 0 ? inner : inner.slice(0, end + 1);
}
