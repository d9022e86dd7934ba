/**
 * Checks parsed CBOR items (../cbor/items.ts) against a CDDL schema
 * (parse.ts) the way CDDL means it: maps are closed (a key no entry allows is
 * an error), types are exact (a float is not a uint even when whole, a tagged
 * map is not a map, a text string is not a byte string), and occurrence
 * counts hold. Returns the first mismatch as a sentence, or undefined.
 */
import { parseCborItem, type CborItem } from '../cbor/items';
import { parseCddl, type CddlEntry, type CddlKey, type CddlSchema, type CddlType } from './parse';

function show(item: CborItem): string {
  switch (item.kind) {
    case 'tag':
      return `tag ${item.tag} around ${show(item.item)}`;
    case 'simple':
      return String(item.value);
    case 'float':
      return `the float ${item.value}`;
    case 'uint':
    case 'nint':
      return `the integer ${item.value}`;
    case 'text':
      return `the text ${JSON.stringify(item.value.slice(0, 40))}`;
    case 'bytes':
      return `a byte string of ${item.value.length} bytes`;
    default:
      return `a ${item.kind}`;
  }
}

class Validator {
  constructor(private readonly schema: CddlSchema) {}

  check(type: CddlType, item: CborItem, where: string): string | undefined {
    switch (type.kind) {
      case 'prelude':
        return this.prelude(type.name, item, where);
      case 'ref': {
        const rule = this.schema.rules.get(type.name);
        if (!rule) return `${where}: the schema has no rule "${type.name}"`;
        return this.check(rule, item, where);
      }
      case 'uint-literal':
        return item.kind === 'uint' && item.value === type.value ? undefined : `${where}: expected ${type.value}, found ${show(item)}`;
      case 'text-literal':
        return item.kind === 'text' && item.value === type.value ? undefined : `${where}: expected the text "${type.value}", found ${show(item)}`;
      case 'bytes-literal':
        return item.kind === 'bytes' && Buffer.from(item.value).equals(Buffer.from(type.value, 'utf8'))
          ? undefined
          : `${where}: expected the byte string '${type.value}', found ${show(item)}`;
      case 'choice': {
        const failures = type.options.map((option) => this.check(option, item, where));
        return failures.includes(undefined) ? undefined : failures.join('; or ');
      }
      case 'size': {
        const inner = this.check(type.type, item, where);
        if (inner) return inner;
        const size = item.kind === 'text' ? BigInt(Buffer.byteLength(item.value, 'utf8')) : item.kind === 'bytes' ? BigInt(item.value.length) : undefined;
        if (size === undefined) return `${where}: .size applies to strings, not ${show(item)}`;
        return size >= type.min && size <= type.max ? undefined : `${where}: ${size} bytes, outside ${type.min}..${type.max}`;
      }
      case 'tag':
        if (item.kind !== 'tag' || item.tag !== type.tag) return `${where}: expected tag ${type.tag}, found ${show(item)}`;
        return this.check(type.type, item.item, `${where} (in tag ${type.tag})`);
      case 'array':
        if (item.kind !== 'array') return `${where}: expected an array, found ${show(item)}`;
        return this.array(type.entries, item.items, where);
      case 'map':
        if (item.kind !== 'map') return `${where}: expected a map, found ${show(item)}`;
        return this.map(type.entries, item.entries, where);
    }
  }

  private prelude(name: string, item: CborItem, where: string): string | undefined {
    const ok =
      name === 'any' ||
      (name === 'uint' && item.kind === 'uint') ||
      (name === 'int' && (item.kind === 'uint' || item.kind === 'nint')) ||
      (name === 'bstr' && item.kind === 'bytes') ||
      (name === 'tstr' && item.kind === 'text') ||
      (name === 'bool' && item.kind === 'simple' && typeof item.value === 'boolean') ||
      (name === 'null' && item.kind === 'simple' && item.value === null);
    return ok ? undefined : `${where}: expected ${name}, found ${show(item)}`;
  }

  private array(entries: CddlEntry[], items: CborItem[], where: string): string | undefined {
    let at = 0;
    for (const entry of entries) {
      let count = 0;
      while (count < entry.max && at < items.length && this.check(entry.type, items[at]!, `${where}[${at}]`) === undefined) {
        count++;
        at++;
      }
      if (count < entry.min) {
        return at < items.length ? this.check(entry.type, items[at]!, `${where}[${at}]`) : `${where}: needs at least ${entry.min} more entries`;
      }
    }
    if (at < items.length) return this.check(entries[entries.length - 1]?.type ?? { kind: 'array', entries: [] }, items[at]!, `${where}[${at}]`) ?? `${where}: ${items.length - at} entries too many`;
    return undefined;
  }

  private keyMatches(key: CddlKey, item: CborItem): boolean {
    if (key.kind === 'type') return this.check(key.type, item, '') === undefined;
    if (this.schema.rules.has(key.name)) return this.check({ kind: 'ref', name: key.name }, item, '') === undefined;
    return item.kind === 'text' && item.value === key.name;
  }

  private map(entries: CddlEntry[], pairs: [CborItem, CborItem][], where: string): string | undefined {
    const counts = entries.map(() => 0);
    for (const [key, value] of pairs) {
      const index = entries.findIndex((entry) => entry.key !== undefined && this.keyMatches(entry.key, key));
      // Closed map: every key must be one the schema allows.
      if (index < 0) return `${where}: the key ${show(key)} is not in the schema`;
      counts[index]!++;
      const name = key.kind === 'text' ? key.value : key.kind === 'bytes' ? Buffer.from(key.value).toString('latin1') : show(key);
      const problem = this.check(entries[index]!.type, value, `${where}[${JSON.stringify(name)}]`);
      if (problem) return problem;
    }
    for (const [i, entry] of entries.entries()) {
      const label = entry.key?.kind === 'bareword' ? entry.key.name : JSON.stringify(entry.key?.type);
      if (counts[i]! < entry.min) return `${where}: lacks ${label}`;
      if (counts[i]! > entry.max) return `${where}: ${label} appears ${counts[i]} times, at most ${entry.max} allowed`;
    }
    return undefined;
  }
}

/** Compiles a CDDL schema; the returned function explains why bytes do not match it (undefined when they do). */
export function cddlChecker(source: string): (bytes: Uint8Array) => string | undefined {
  const schema = parseCddl(source);
  const validator = new Validator(schema);
  return (bytes) => {
    let item: CborItem;
    try {
      item = parseCborItem(bytes);
    } catch (error) {
      return `not one CBOR item: ${(error as Error).message}`;
    }
    return validator.check({ kind: 'ref', name: schema.root }, item, schema.root);
  };
}
