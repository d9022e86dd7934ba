/** `--help` / `-h` anywhere in a subcommand's arguments: its help on stdout, exit 0, before anything is opened. */
import type { MainContext } from '../main-context';

export function answeredHelp(argv: readonly string[], ctx: Pick<MainContext, 'stdout'>, help: string): boolean {
  if (!argv.includes('--help') && !argv.includes('-h')) return false;
  ctx.stdout.write(`${help}\n`);
  return true;
}
