import { parseArgs } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MainContext } from '../main-context';
import { DEFAULT_PORT, startHeadlessServer } from '../../service/http/server';
import { liveAccessToken, rotateAccessToken } from '../../service/http/access-token';

/** The built UI sits beside the bundled CLI: dist/cli/raic.mjs -> dist/renderer. */
export function builtUiDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return process.env.RAIC_UI_DIR ?? path.resolve(here, '..', 'renderer');
}

export const USAGE = 'usage: raic serve [--port P] [--host H] [--new-token] [--data-dir DIR]';

export const HELP = `${USAGE}

Serves the RAIC web UI and API on 127.0.0.1 (headless mode) and prints the
address to open, with its access token after #token=.

The token is kept in the data folder (private/access-token, readable only by
you), so the address stays the same across restarts and an open tab keeps
working.
  --new-token   replace the token before serving: every address printed before
                stops working (also: raic token rotate, while RAIC runs)
  --port P      the port (default ${DEFAULT_PORT}; 0 picks a free one)
  --host H      the address to listen on (default 127.0.0.1)`;

export async function run(argv: string[], ctx: MainContext): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { port: { type: 'string' }, host: { type: 'string' }, 'new-token': { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    ctx.stderr.write(`raic serve: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    ctx.stderr.write(`raic serve: --port must be a whole number from 0 to 65535 (0 picks a free port), not "${values.port}"\n`);
    return 2;
  }
  const host = values.host ?? '127.0.0.1';
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
    ctx.stderr.write(`raic serve: warning: serving on ${host}, reachable from other machines; anyone with the URL's token can use this grid.\n`);
  }
  const service = await ctx.openService();
  service.startBackground();
  let server;
  try {
    if (values['new-token']) rotateAccessToken(service.dataDir);
    const token = liveAccessToken(service.dataDir);
    server = await startHeadlessServer({ api: service, streams: service.streamingApi(), staticDir: builtUiDir(), host, port, token });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      ctx.stderr.write(`raic serve: port ${port} is already in use (is RAIC already running?); choose another with --port.\n`);
      return 1;
    }
    throw error;
  }
  ctx.stdout.write(`RAIC is serving the grid in ${service.dataDir}\nOpen this URL in your browser:\n${server.urlWithToken}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await service.close();
  return 0;
}
