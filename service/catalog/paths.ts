/**
 * Catalog paths: '/'-separated, absolute, NFC-normalized Unicode. They are
 * names inside the catalog, never local file-system paths, but they end up as
 * local paths when the user downloads a folder, so anything that could walk
 * out of a target folder ('..', backslashes) or confuse a terminal (control
 * characters) is refused here, once, for every caller.
 */
import { CatalogError } from './errors';

export const ROOT = '/';
export const MAX_NAME_BYTES = 255;
export const MAX_PATH_BYTES = 4096;

/** C0, DEL and C1 controls: a terminal acts on them instead of showing them. */
const CONTROL_CHARACTER = /[\u0000-\u001F\u007F-\u009F]/u; // eslint-disable-line no-control-regex
/** Bidirectional embeddings, overrides and isolates: they make a name read as another ("gnp.exe" shown as "exe.png"). */
const DIRECTION_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
const LONE_SURROGATE = /\p{Cs}/u;
/**
 * A path already in canonical form in printable ASCII (which NFC leaves as
 * it is): '/'-led segments, none empty, '.' or '..', no backslash. Tested
 * only on paths no longer than MAX_NAME_BYTES, so no name or path is too long.
 */
const CANONICAL_ASCII = /^(?:\/(?!\.\.?(?:\/|$))[\x20-\x2E\x30-\x5B\x5D-\x7E]+)+$/;

function invalid(input: string, problem: string): CatalogError {
  return new CatalogError('invalid_path', `The path "${printable(input)}" is not allowed: ${problem}.`);
}

/** Shows a rejected path without letting its control characters garble the message. */
function printable(input: string): string {
  const shown = input.replace(/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`); // eslint-disable-line no-control-regex
  return shown.length > 120 ? `${shown.slice(0, 117)}...` : shown;
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Turns what a person or a caller typed into the one canonical form stored in
 * the catalog: 'a//b/' and 'a/b' both become '/a/b'; '' and '/' are the root.
 */
export function normalizeCatalogPath(input: string): string {
  if (typeof input !== 'string') throw new CatalogError('invalid_path', 'A catalog path must be text, like "/Photos/2024/a.jpg".');
  // Most paths (every upload's, several times each) are already canonical printable ASCII: nothing to change or refuse.
  if (input.length <= MAX_NAME_BYTES && CANONICAL_ASCII.test(input)) return input;
  if (LONE_SURROGATE.test(input)) throw invalid(input, 'it is not valid Unicode text (it holds a lone surrogate)');
  const text = input.normalize('NFC');
  const control = CONTROL_CHARACTER.exec(text);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw invalid(input, `paths cannot contain control characters (found U+${code}); rename it without them`);
  }
  const direction = DIRECTION_CONTROL.exec(text);
  if (direction) {
    const code = direction[0].charCodeAt(0).toString(16).toUpperCase();
    throw invalid(input, `paths cannot contain text-direction controls (found U+${code}), which can make a name look like another; rename it without them`);
  }
  if (text.includes('\\')) throw invalid(input, 'paths cannot contain a backslash (\\); use / to separate folders');
  const segments = text.split('/').filter((segment) => segment !== '');
  for (const segment of segments) {
    if (segment === '.' || segment === '..') throw invalid(input, 'paths cannot contain . or .. segments');
    const bytes = utf8Length(segment);
    if (bytes > MAX_NAME_BYTES) {
      throw invalid(input, `the name "${printable(segment)}" is ${bytes} bytes long in UTF-8 and names can be at most ${MAX_NAME_BYTES}; shorten it`);
    }
  }
  const normalized = ROOT + segments.join('/');
  const bytes = utf8Length(normalized);
  if (bytes > MAX_PATH_BYTES) throw invalid(input, `it is ${bytes} bytes long in UTF-8 and paths can be at most ${MAX_PATH_BYTES}; use fewer or shorter folder names`);
  return normalized;
}

/** Like normalizeCatalogPath, but a file needs a name: the root is refused. */
export function normalizeFilePath(input: string): string {
  const normalized = normalizeCatalogPath(input);
  if (normalized === ROOT) throw invalid(input, 'a file needs a name, like "/Documents/report.pdf"');
  return normalized;
}

/** The folder holding a normalized path; the root's parent is the root. */
export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? ROOT : path.slice(0, slash);
}

/** The last segment of a normalized path; '' for the root. */
export function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** "report.pdf" → ["report", ".pdf"]; a name without an extension (or a dot file) keeps it all in the stem. */
export function splitExtension(name: string): [stem: string, extension: string] {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
}

/** Every folder above a normalized path, outermost first, excluding the root. */
export function ancestorsOf(path: string): string[] {
  const ancestors: string[] = [];
  for (let folder = parentOf(path); folder !== ROOT; folder = parentOf(folder)) ancestors.unshift(folder);
  return ancestors;
}

/**
 * The open interval of paths strictly below a folder, for range queries on a
 * path index. Every descendant of F starts with F + '/', and '0' is the
 * character right after '/', so (F + '/', F + '0') holds exactly the
 * descendants under byte-wise (SQLite BINARY) ordering.
 */
export function descendantRange(folder: string): { above: string; below: string } {
  const prefix = folder === ROOT ? '' : folder;
  return { above: `${prefix}/`, below: `${prefix}0` };
}

const nameCollator = new Intl.Collator(undefined, { sensitivity: 'accent' });

/** Case-insensitive, locale-aware name order; exact code-point order breaks ties so sorting is stable across runs. */
export function compareNames(a: string, b: string): number {
  return nameCollator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}
