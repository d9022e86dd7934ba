import type { BlobStore, ConnectionCheck, ConnectionTestResult } from '../types';
import { describeError } from './redact';

/** Where the probe object goes; a valid key so it exercises the same code path as real blobs. */
export const PROBE_PREFIX = 'raic-probe/';

type ProbeOps = Pick<BlobStore, 'put' | 'get' | 'list' | 'delete' | 'stat'>;

/**
 * The checks every backend runs after its own access check: write, read back
 * (timed), list and delete a small probe object. Stops at the first failure,
 * since later checks would only repeat its cause.
 */
export async function runProbe(
  store: ProbeOps,
  accessCheck: () => Promise<ConnectionCheck>,
  explain: (error: unknown) => string = describeError,
): Promise<ConnectionTestResult> {
  const checks: ConnectionCheck[] = [];
  let latencyMs: number | undefined;
  const step = async (name: string, run: () => Promise<string>): Promise<boolean> => {
    try {
      checks.push({ name, ok: true, detail: await run() });
      return true;
    } catch (error) {
      checks.push({ name, ok: false, detail: explain(error) });
      return false;
    }
  };

  let access: ConnectionCheck;
  try {
    access = await accessCheck();
  } catch (error) {
    access = { name: 'credentials', ok: false, detail: explain(error) };
  }
  checks.push(access);
  if (!access.ok) return { ok: false, checks };

  const key = `${PROBE_PREFIX}${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  const content = new TextEncoder().encode(`RAIC connection probe ${new Date().toISOString()}`);
  const ok =
    (await step('write', async () => {
      const started = performance.now();
      await store.put(key, content);
      return `wrote a ${content.byteLength}-byte probe object in ${Math.round(performance.now() - started)} ms`;
    })) &&
    (await step('read', async () => {
      const started = performance.now();
      const back = await store.get(key);
      latencyMs = performance.now() - started;
      if (back.byteLength !== content.byteLength || !back.every((byte, i) => byte === content[i])) {
        throw new Error('the probe object read back differs from what was written');
      }
      return `read the probe object back intact in ${Math.round(latencyMs)} ms`;
    })) &&
    (await step('list', async () => {
      for await (const info of store.list(PROBE_PREFIX)) {
        if (info.key === key) return 'the probe object appears in the listing';
      }
      throw new Error('the probe object was written but does not appear in the listing');
    })) &&
    (await step('delete', async () => {
      await store.delete(key);
      if (await store.stat(key)) throw new Error('the probe object is still there after deleting it');
      return 'deleted the probe object';
    }));
  if (!ok) await store.delete(key).catch(() => undefined);
  return { ok, checks, latencyMs };
}
