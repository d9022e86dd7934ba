/**
 * `raic mv SRC DST`: moves or renames a file or a folder (with everything in
 * it) within your RAIC files. As with mv, a DST that is an existing folder
 * receives SRC inside it; a name already taken is refused, never replaced.
 * `raic mv SRC... FOLDER` moves several into one folder (created if missing)
 * with `moveEntries`: every problem is found before anything moves.
 * Only the catalog changes: the shares stay where they are.
 */
import type { MainContext } from '../main-context';
import type { RaicService } from '../../service/raic-service';
import { ApiError } from '../../shared/api';
import { callApi, parseCommandLine, usageFailure, withService, writeJson } from '../format/command-run';

export const USAGE = `usage: raic mv SRC DST [--json]
       raic mv SRC... FOLDER [--json]
moves or renames a file or folder of your RAIC files; if DST is a folder, SRC goes inside it;
with several SRC, each goes into FOLDER keeping its name (FOLDER is created if missing), or
nothing moves when one of them cannot (a name taken there, an item chosen twice)`;

export async function run(argv: string[], ctx: MainContext): Promise<number> {
  const parsed = parseCommandLine(ctx, 'mv', USAGE, { args: argv, options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  if (typeof parsed === 'number') return parsed;
  const { positionals, values } = parsed;
  if (positionals.length < 2) return usageFailure(ctx, 'mv', 'SRC and DST are required', USAGE);
  if (positionals.length > 2) {
    const toFolder = positionals[positionals.length - 1]!;
    return withService(ctx, 'mv', USAGE, async (service) => {
      const { moved } = await callApi(service, 'moveEntries', { paths: positionals.slice(0, -1), toFolder });
      if (values.json) writeJson(ctx, moved);
      else for (const m of moved) ctx.stdout.write(`${m.from} -> ${m.to}\n`);
      return 0;
    });
  }
  const [source, destination] = positionals as [string, string];
  return withService(ctx, 'mv', USAGE, async (service) => {
    const sourceKind = await kindOf(service, source);
    if (sourceKind === 'missing') throw new ApiError('not_found', `There is no file or folder ${source} in your RAIC files; see \`raic ls\`.`);
    const target = (await kindOf(service, destination)) === 'folder' ? joinPath(destination, baseName(source)) : destination;
    const targetKind = await kindOf(service, target);
    if (targetKind !== 'missing' && !samePath(source, target)) {
      throw new ApiError('conflict', `${target} already exists as a ${targetKind}; raic mv never replaces it. Choose another name, or remove it first with the app.`);
    }
    const moved =
      sourceKind === 'file'
        ? { from: source, to: (await callApi(service, 'moveFile', { from: source, to: target })).path, files: 1 }
        : { from: source, to: target, files: (await callApi(service, 'moveFolder', { from: source, to: target })).moved };
    if (values.json) writeJson(ctx, moved);
    else ctx.stdout.write(`${moved.from} -> ${moved.to}\n`);
    return 0;
  });
}

async function kindOf(service: RaicService, path: string): Promise<'file' | 'folder' | 'missing'> {
  const exists = async (call: () => Promise<unknown>) =>
    call().then(
      () => true,
      (error: unknown) => {
        if (error instanceof ApiError && error.code === 'not_found') return false;
        throw error;
      },
    );
  if (path.replace(/\/+$/, '') !== '' && (await exists(() => callApi(service, 'getFile', { path })))) return 'file';
  return (await exists(() => callApi(service, 'listFiles', { folder: path }))) ? 'folder' : 'missing';
}

function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function joinPath(folder: string, name: string): string {
  return `${folder.replace(/\/+$/, '')}/${name}`;
}

function samePath(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}
