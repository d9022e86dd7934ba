/**
 * Mutations of a valid input: fuzzing with valid shapes reaches the service
 * behind the schema, where random JSON almost never gets. Each mutation
 * changes one field (replaces, deletes, or nests it), or adds an unknown
 * or prototype-polluting key.
 */
import fc from 'fast-check';
import { hostileValue } from './hostile-strings';

type Json = unknown;

function setAt(target: Json, keys: readonly string[], value: Json | typeof DELETE): Json {
  if (keys.length === 0) return value === DELETE ? undefined : value;
  const [key, ...rest] = keys;
  const copy: Record<string, Json> | Json[] = Array.isArray(target) ? [...target] : { ...(target as Record<string, Json>) };
  const next = setAt((copy as Record<string, Json>)[key!], rest, value);
  if (rest.length === 0 && value === DELETE) delete (copy as Record<string, Json>)[key!];
  else (copy as Record<string, Json>)[key!] = next;
  return copy;
}

const DELETE = Symbol('delete');

/** Every path to a leaf or a container inside a JSON value. */
function pathsOf(value: Json, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const children = Object.keys(value).flatMap((key) => pathsOf((value as Record<string, Json>)[key], [...prefix, key]));
  return [prefix, ...children];
}

export function mutationOf(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const paths = pathsOf(valid).filter((p) => p.length > 0);
  const change = paths.length === 0
    ? fc.constant(valid)
    : fc.tuple(fc.constantFrom(...paths), fc.oneof(hostileValue, fc.constant(DELETE))).map(([keys, value]) => setAt(valid, keys, value));
  return fc.oneof(
    change,
    fc.tuple(fc.string({ maxLength: 12 }), hostileValue).map(([key, value]) => ({ ...valid, [key]: value })),
    // JSON.parse makes "__proto__" an own property: what a hostile HTTP body would really deliver.
    fc.constant(JSON.parse(`{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},${JSON.stringify(valid).slice(1)}`.replace(/,}$/, '}'))),
    fc.constantFrom(null, [], 'string', 42, [valid]),
  );
}

/** What the fuzz sends an operation: arbitrary JSON, or a mutation of one of its valid inputs. */
export function inputFor(valid: readonly Record<string, unknown>[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.oneof(hostileValue, fc.dictionary(fc.string({ maxLength: 12 }), hostileValue, { maxKeys: 4 })) },
    { weight: 2, arbitrary: fc.constantFrom(...valid).chain(mutationOf) },
  );
}
