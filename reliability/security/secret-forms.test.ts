/** The secret scanner must find a secret in each form, or a clean scan proves nothing. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { needlesFor, scanForSecrets } from './secret-forms';

it('finds a secret written raw, in base64 at any alignment, URL-safe base64, hex and percent-encoded', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'raic-secret-forms-'));
  try {
    const secret = 'p@ss/w+rd?-Ünïcode-1234567890';
    const bytes = Buffer.from(secret);
    const writtenForms = [
      `prefix ${secret} suffix`,
      Buffer.concat([Buffer.from('x'), bytes, Buffer.from('yz')]).toString('base64'),
      Buffer.concat([Buffer.from('xy'), bytes]).toString('base64'),
      Buffer.concat([Buffer.from('xyz'), bytes, Buffer.from('!')]).toString('base64url'),
      `0x${bytes.toString('hex').toUpperCase()}`,
      `?key=${encodeURIComponent(secret)}&x=1`,
    ];
    for (const [i, text] of writtenForms.entries()) await writeFile(path.join(dir, `form-${i}`), text);
    await writeFile(path.join(dir, 'clean'), 'nothing to see here');
    const result = await scanForSecrets([dir], needlesFor('test secret', secret));
    expect(result.filesScanned).toBe(writtenForms.length + 1);
    const filesHit = new Set(result.hits.map((h) => h.split(':')[0]));
    expect([...filesHit].sort()).toEqual(writtenForms.map((_, i) => path.join(dir, `form-${i}`)).sort());
    expect(result.hits.join('\n')).not.toContain(secret);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
