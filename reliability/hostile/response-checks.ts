/**
 * What every error a client sees must look like: a structured { code,
 * message } with words a person can act on, and nothing from the inside of
 * the program (stack frames, source file paths).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** "    at fn (file.ts:12:3)" or "at file:///x.js:1:2": a V8 stack frame. */
const STACK_FRAME = /\bat (?:[\w$.<>\s[\]]+ \()?(?:file:\/\/|\/|node:)[^)\s]*:\d+(?::\d+)?\)?/;
const SOURCE_FILE = /[\w-]+\.(?:ts|tsx|mjs|cjs):\d+/;
const ERROR_CODES = new Set(['invalid_input', 'not_found', 'conflict', 'unauthorized', 'unavailable', 'internal']);

/** Problems with a text a client receives (an error message or a whole response body); empty when it is clean. */
export function leaksInternals(text: string): string[] {
  const problems: string[] = [];
  if (STACK_FRAME.test(text)) problems.push(`stack frame: ${STACK_FRAME.exec(text)?.[0]}`);
  if (SOURCE_FILE.test(text)) problems.push(`source file: ${SOURCE_FILE.exec(text)?.[0]}`);
  if (text.includes(REPO_ROOT)) problems.push('the source folder path');
  return problems;
}

/** Problems with an error body `{ error: { code, message, field? } }`. */
export function errorBodyProblems(body: unknown): string[] {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (!error || typeof error !== 'object') return [`not a structured error: ${JSON.stringify(body)?.slice(0, 200)}`];
  const problems: string[] = [];
  if (typeof error.code !== 'string' || !ERROR_CODES.has(error.code)) problems.push(`unknown error code ${JSON.stringify(error.code)}`);
  if (error.code === 'internal') problems.push(`internal error (an unexpected exception behind a valid request): ${String(error.message)}`);
  if (typeof error.message !== 'string' || error.message.trim().length === 0) problems.push('empty message');
  else problems.push(...leaksInternals(error.message));
  return problems;
}
