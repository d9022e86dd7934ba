/**
 * A parser for the part of CDDL (RFC 8610) the storage protocol's schemas
 * use: rules, maps and arrays with occurrence indicators, text keys (bare or
 * "quoted"), byte-string keys ('quoted'), `=>` type keys, choices with `/`,
 * `.size` with a number or a range, tags `#6.n(...)`, and the prelude types
 * uint, int, bstr, tstr, bool, null and any. Anything else is a parse error,
 * so a schema using more of CDDL fails loudly instead of checking less.
 */

export type CddlType =
  | { kind: 'prelude'; name: 'uint' | 'int' | 'bstr' | 'tstr' | 'bool' | 'null' | 'any' }
  | { kind: 'ref'; name: string }
  | { kind: 'uint-literal'; value: bigint }
  | { kind: 'text-literal'; value: string }
  | { kind: 'bytes-literal'; value: string }
  | { kind: 'map'; entries: CddlEntry[] }
  | { kind: 'array'; entries: CddlEntry[] }
  | { kind: 'tag'; tag: bigint; type: CddlType }
  | { kind: 'choice'; options: CddlType[] }
  | { kind: 'size'; type: CddlType; min: bigint; max: bigint };

/**
 * A bare word before ":" is a text key in RFC 8610, but the spec writes
 * `share_number : {...}` meaning the rule share_number (a uint), and Tahoe's
 * validator reads it so: such keys stay 'bareword' and the validator takes
 * the rule when one has that name, the text otherwise.
 */
export type CddlKey = { kind: 'type'; type: CddlType } | { kind: 'bareword'; name: string };

export interface CddlEntry {
  min: number;
  max: number;
  key?: CddlKey;
  type: CddlType;
}

export interface CddlSchema {
  /** The first rule, as pycddl takes it: what a message must match. */
  root: string;
  rules: Map<string, CddlType>;
}

type Token =
  | { t: 'punct'; v: string }
  | { t: 'number'; v: bigint }
  | { t: 'word'; v: string }
  | { t: 'text'; v: string }
  | { t: 'bytes'; v: string }
  | { t: 'tag'; v: bigint }
  | { t: 'control'; v: string };

export class CddlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CddlSyntaxError';
  }
}

const PRELUDE = new Set(['uint', 'int', 'bstr', 'tstr', 'bool', 'null', 'any']);

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const patterns: [RegExp, (m: RegExpExecArray) => Token | undefined][] = [
    [/^\s+/, () => undefined],
    [/^;[^\n]*/, () => undefined],
    [/^=>|^\.\.|^[{}[\](),/=:*?+]/, (m) => ({ t: 'punct', v: m[0] })],
    [/^#6\.(\d+)/, (m) => ({ t: 'tag', v: BigInt(m[1]!) })],
    [/^\.([a-z]+)/, (m) => ({ t: 'control', v: m[1]! })],
    [/^\d+/, (m) => ({ t: 'number', v: BigInt(m[0]) })],
    [/^[A-Za-z_$@][A-Za-z0-9_$@.-]*[A-Za-z0-9_$@]|^[A-Za-z_$@]/, (m) => ({ t: 'word', v: m[0] })],
    [/^"([^"]*)"/, (m) => ({ t: 'text', v: m[1]! })],
    [/^'([^']*)'/, (m) => ({ t: 'bytes', v: m[1]! })],
  ];
  let rest = source;
  outer: while (rest.length > 0) {
    for (const [pattern, make] of patterns) {
      const match = pattern.exec(rest);
      if (!match) continue;
      const token = make(match);
      if (token) tokens.push(token);
      rest = rest.slice(match[0].length);
      continue outer;
    }
    throw new CddlSyntaxError(`unexpected CDDL text: ${rest.slice(0, 20)}`);
  }
  return tokens;
}

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }

  private isPunct(v: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token?.t === 'punct' && token.v === v;
  }

  private expectPunct(v: string): void {
    if (!this.isPunct(v)) throw new CddlSyntaxError(`expected "${v}" in CDDL, found ${JSON.stringify(this.peek() ?? 'the end')}`);
    this.at++;
  }

  private number(): bigint {
    const token = this.peek();
    if (token?.t !== 'number') throw new CddlSyntaxError('expected a number in CDDL');
    this.at++;
    return token.v;
  }

  get done(): boolean {
    return this.at >= this.tokens.length;
  }

  rule(): [string, CddlType] {
    const name = this.peek();
    if (name?.t !== 'word') throw new CddlSyntaxError('expected a rule name in CDDL');
    this.at++;
    this.expectPunct('=');
    return [name.v, this.type()];
  }

  type(): CddlType {
    const options = [this.sized()];
    while (this.isPunct('/')) {
      this.at++;
      options.push(this.sized());
    }
    return options.length === 1 ? options[0]! : { kind: 'choice', options };
  }

  private sized(): CddlType {
    const type = this.simple();
    const control = this.peek();
    if (control?.t !== 'control') return type;
    if (control.v !== 'size') throw new CddlSyntaxError(`the CDDL control .${control.v} is not supported`);
    this.at++;
    if (this.isPunct('(')) {
      this.at++;
      const min = this.number();
      this.expectPunct('..');
      const max = this.number();
      this.expectPunct(')');
      return { kind: 'size', type, min, max };
    }
    const exact = this.number();
    return { kind: 'size', type, min: 0n, max: exact };
  }

  private simple(): CddlType {
    const token = this.peek();
    if (!token) throw new CddlSyntaxError('CDDL ends where a type was expected');
    this.at++;
    if (token.t === 'number') return { kind: 'uint-literal', value: token.v };
    if (token.t === 'text') return { kind: 'text-literal', value: token.v };
    if (token.t === 'bytes') return { kind: 'bytes-literal', value: token.v };
    if (token.t === 'word') return PRELUDE.has(token.v) ? { kind: 'prelude', name: token.v as 'uint' } : { kind: 'ref', name: token.v };
    if (token.t === 'tag') {
      this.expectPunct('(');
      const type = this.type();
      this.expectPunct(')');
      return { kind: 'tag', tag: token.v, type };
    }
    if (token.t === 'punct' && (token.v === '{' || token.v === '[')) {
      const close = token.v === '{' ? '}' : ']';
      const entries = this.group(close, token.v === '{');
      this.expectPunct(close);
      return { kind: token.v === '{' ? 'map' : 'array', entries };
    }
    if (token.t === 'punct' && token.v === '(') {
      const type = this.type();
      this.expectPunct(')');
      return type;
    }
    throw new CddlSyntaxError(`unexpected ${JSON.stringify(token)} where a CDDL type was expected`);
  }

  private occurrence(): { min: number; max: number } {
    if (this.isPunct('?')) return this.at++, { min: 0, max: 1 };
    if (this.isPunct('+')) return this.at++, { min: 1, max: Infinity };
    const first = this.peek();
    if (first?.t === 'number' && this.isPunct('*', 1)) {
      this.at += 2;
      const max = this.peek()?.t === 'number' ? Number(this.number()) : Infinity;
      return { min: Number(first.v), max };
    }
    if (this.isPunct('*')) {
      this.at++;
      const max = this.peek()?.t === 'number' && !this.isPunct(':', 1) && !this.isPunct('=>', 1) ? Number(this.number()) : Infinity;
      return { min: 0, max };
    }
    return { min: 1, max: 1 };
  }

  private group(close: string, inMap: boolean): CddlEntry[] {
    const entries: CddlEntry[] = [];
    while (!this.isPunct(close)) {
      const { min, max } = this.occurrence();
      let key: CddlKey | undefined;
      const first = this.peek();
      if (inMap && first?.t === 'word' && this.isPunct(':', 1)) {
        this.at += 2;
        key = { kind: 'bareword', name: first.v };
      } else if (inMap && (first?.t === 'text' || first?.t === 'bytes') && (this.isPunct(':', 1) || this.isPunct('=>', 1))) {
        this.at += 2;
        key = { kind: 'type', type: first.t === 'text' ? { kind: 'text-literal', value: first.v } : { kind: 'bytes-literal', value: first.v } };
      }
      let type = this.type();
      if (inMap && !key) {
        this.expectPunct('=>');
        key = { kind: 'type', type };
        type = this.type();
      }
      entries.push({ min, max, key, type });
      if (this.isPunct(',')) this.at++;
    }
    return entries;
  }
}

export function parseCddl(source: string): CddlSchema {
  const parser = new Parser(tokenize(source));
  const rules = new Map<string, CddlType>();
  let root: string | undefined;
  while (!parser.done) {
    const [name, type] = parser.rule();
    rules.set(name, type);
    root ??= name;
  }
  if (root === undefined) throw new CddlSyntaxError('a CDDL schema needs at least one rule');
  return { root, rules };
}
