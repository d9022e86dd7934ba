/**
 * `raic gbs serve --account NAME [--port P] [--host H] [--advertise HOST]`:
 * serves one account's storage over Tahoe-LAFS's HTTP storage protocol (GBS),
 * so Tahoe-LAFS clients can store shares on it. Prints the NURL on a line of
 * its own and the servers.yaml entry a Tahoe-LAFS client needs. The key,
 * certificate and swissnum live in <data dir>/gbs/<account id>/, so the NURL
 * survives restarts (as long as host and port stay the same).
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { MainContext } from '../main-context';
import { serveStorageOverGbs, serversYaml, tahoeAnnouncement } from '../../engine/storage/gbs';

export const GBS_USAGE = 'usage: raic gbs serve --account NAME [--port P] [--host H] [--advertise HOST]';
export const USAGE = GBS_USAGE;

const LOCAL_HOSTS = ['127.0.0.1', 'localhost', '::1'];
const WILDCARD_HOSTS = ['0.0.0.0', '::'];

/** Resolves when the process is asked to stop (Ctrl-C, service manager). */
function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

function usageError(ctx: MainContext, message: string): number {
  ctx.stderr.write(`raic gbs: ${message}\n${GBS_USAGE}\n`);
  return 2;
}

export async function run(argv: string[], ctx: MainContext, untilStopped: () => Promise<void> = stopSignal): Promise<number> {
  const [action, ...rest] = argv;
  if (action !== 'serve') return usageError(ctx, action ? `unknown action "${action}"` : 'say what to do');
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { account: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, advertise: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return usageError(ctx, (error as Error).message);
  }
  if (!values.account) return usageError(ctx, '--account NAME is required (raic account list shows the names)');
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return usageError(ctx, `--port must be a whole number from 0 to 65535 (0 picks a free port), not "${values.port}"`);
  const host = values.host ?? '127.0.0.1';
  let advertisedHost = values.advertise ?? host;
  if (!values.advertise && WILDCARD_HOSTS.includes(host)) {
    advertisedHost = hostname();
    ctx.stderr.write(`raic gbs: warning: listening on every interface; the NURL names "${advertisedHost}" (choose another with --advertise HOST).\n`);
  }
  if (!LOCAL_HOSTS.includes(host)) {
    ctx.stderr.write(`raic gbs: warning: serving on ${host}, reachable from other machines; anyone with the NURL can store and read shares on this account.\n`);
  }

  const service = await ctx.openService();
  const { runtimes, unopened } = await service.openAccounts();
  const runtime = runtimes.find((r) => r.account.name === values.account);
  if (!runtime) {
    const broken = unopened.find((u) => u.account.name === values.account);
    const known = runtimes.map((r) => `"${r.account.name}"`).join(', ') || 'none';
    ctx.stderr.write(
      broken
        ? `raic gbs: account "${values.account}" could not be opened: ${broken.problem}\n`
        : `raic gbs: no enabled account is named "${values.account}" (enabled accounts: ${known})\n`,
    );
    return 1;
  }

  let served;
  try {
    served = await serveStorageOverGbs({
      storage: runtime.server,
      stateDir: join(service.dataDir, 'gbs', runtime.account.id),
      host,
      port,
      advertisedHost,
      onInternalError: (error) => ctx.stderr.write(`raic gbs: internal error: ${error instanceof Error ? error.message : String(error)}\n`),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      ctx.stderr.write(`raic gbs: port ${port} is already in use; choose another with --port.\n`);
      return 1;
    }
    throw error;
  }
  const announcement = tahoeAnnouncement(served.nurl, served.identity.certificate, runtime.account.name);
  ctx.stdout.write(
    `Serving account "${runtime.account.name}" over the Tahoe-LAFS HTTP storage protocol (GBS) on ${host}:${served.port}\n` +
      `NURL:\n${served.nurl}\n` +
      `\nFor a Tahoe-LAFS client, add this to its private/servers.yaml (merge the entry under an existing "storage:"):\n\n` +
      serversYaml(announcement) +
      `\nPress Ctrl-C to stop.\n`,
  );
  await untilStopped();
  await served.close();
  return 0;
}
