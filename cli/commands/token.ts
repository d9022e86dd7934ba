/**
 * `raic token rotate`: replaces headless mode's access token, kept in the
 * data folder. A running `raic serve` notices the new file at its next
 * request, so the old address stops working at once; the new one is printed
 * here, to this terminal only. Needs no lock: it touches one private file.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { MainContext } from '../main-context';
import { rotateAccessToken } from '../../service/http/access-token';

export const USAGE = 'usage: raic token rotate [--data-dir DIR]';

export const HELP = `${USAGE}

Replaces the access token of the web UI (headless mode, raic serve). Every
address with the old token stops working, also in tabs already open; open the
new address this prints (the port is the one raic serve printed, 4747 by default).
The token is kept in the data folder's private/access-token (mode 0600).`;

export async function run(argv: string[], ctx: MainContext): Promise<number> {
  let positionals: string[];
  try {
    ({ positionals } = parseArgs({ args: argv, options: {}, strict: true, allowPositionals: true }));
  } catch (error) {
    ctx.stderr.write(`raic token: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (positionals.length !== 1 || positionals[0] !== 'rotate') {
    ctx.stderr.write(`raic token: say what to do with the token: "rotate"\n${USAGE}\n`);
    return 2;
  }
  if (!existsSync(ctx.dataDir)) {
    ctx.stderr.write(`raic token: there is no RAIC data folder at ${ctx.dataDir}; start RAIC once (npm start or raic serve), or name the folder with --data-dir.\n`);
    return 1;
  }
  const token = rotateAccessToken(ctx.dataDir);
  ctx.stdout.write(
    `The access token was replaced; addresses with the old one no longer work.\nOpen RAIC at http://127.0.0.1:PORT/#token=${token}\n(PORT is the one raic serve printed; 4747 unless you chose another.)\n`,
  );
  return 0;
}
