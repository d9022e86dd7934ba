/** Starts secrets-child.ts in a fresh Node process with exactly the D-Bus environment a test wants. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ChildRequest, ChildResult } from './secrets-child';

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL('./secrets-child.ts', import.meta.url));
// `--import tsx` resolves from the working directory: run from the repository root, where tsx is installed.
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface ChildEnv {
  /** undefined removes the variable: the "no session bus at all" case. */
  DBUS_SESSION_BUS_ADDRESS: string | undefined;
  RAIC_TEST_PASSPHRASE?: string;
}

export async function runSecretsChild(request: ChildRequest, childEnv: ChildEnv): Promise<ChildResult> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  delete env.RAIC_TEST_PASSPHRASE;
  for (const [name, value] of Object.entries(childEnv)) if (value !== undefined) env[name] = value;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(request)], { env, cwd: REPO_ROOT, timeout: 60_000 });
  const lastLine = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(lastLine) as ChildResult;
}
