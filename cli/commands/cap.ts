/** `raic cap FILE --convergence B64 --needed K --total N --segment-size S [--happy H]`: the cap FILE would get, storing nothing. */
import { parseArgs } from 'node:util';
import type { SubcommandRun } from '../context';
import { computeCap, fileByteSource } from '../../engine/grid';

export const USAGE = 'usage: raic cap FILE --convergence <base64> --needed K --total N --segment-size S [--happy H]';

function usageError(ctx: Parameters<SubcommandRun>[1], message: string): number {
  ctx.stderr.write(`raic cap: ${message}\n${USAGE}\n`);
  return 2;
}

function wholeNumber(text: string | undefined, name: string, min: number, max: number): number | string {
  if (text === undefined) return `--${name} is required`;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) return `--${name} must be a whole number from ${min} to ${max}, not "${text}"`;
  return Number(text);
}

export function decodeBase64Strict(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  return new Uint8Array(Buffer.from(text, 'base64'));
}

export const run: SubcommandRun = async (argv, ctx) => {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        convergence: { type: 'string' },
        needed: { type: 'string' },
        total: { type: 'string' },
        'segment-size': { type: 'string' },
        happy: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return usageError(ctx, (error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) return usageError(ctx, positionals.length === 0 ? 'FILE is required' : `expected one FILE, got ${positionals.length} arguments`);
  if (values.convergence === undefined) return usageError(ctx, '--convergence is required (the grid convergence secret, base64)');
  const convergence = decodeBase64Strict(values.convergence);
  if (!convergence) return usageError(ctx, '--convergence must be base64 (A-Z a-z 0-9 + /, padded with =)');
  const needed = wholeNumber(values.needed, 'needed', 1, 256);
  if (typeof needed === 'string') return usageError(ctx, needed);
  const total = wholeNumber(values.total, 'total', needed, 256);
  if (typeof total === 'string') return usageError(ctx, total);
  const maxSegmentSize = wholeNumber(values['segment-size'], 'segment-size', 1, 2 ** 40);
  if (typeof maxSegmentSize === 'string') return usageError(ctx, maxSegmentSize);
  // Happiness does not affect the cap; it is accepted so the same options work for put.
  const happy = values.happy === undefined ? total : wholeNumber(values.happy, 'happy', 1, total);
  if (typeof happy === 'string') return usageError(ctx, happy);

  let source;
  try {
    source = await fileByteSource(positionals[0]);
  } catch (error) {
    ctx.stderr.write(`raic cap: cannot read ${positionals[0]}: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    const cap = await computeCap(source, { needed, total, happy, maxSegmentSize }, convergence);
    await source.checkUnchanged();
    ctx.stdout.write(`${cap}\n`);
    return 0;
  } catch (error) {
    ctx.stderr.write(`raic cap: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await source.close();
  }
};
