/**
 * The quota and free space of an rclone remote: `rclone about --json` run on
 * the account's own encrypted config (the bridge hands over the program, the
 * config file and its password, which goes in the environment, never in the
 * arguments). About one request to the provider; rclone answers with the
 * provider's figures for the whole account, e.g. Google Drive's 15 GB shared
 * with Gmail and Photos (`other`). Remotes without such a call (memory, some
 * WebDAV servers, S3) report nothing, which is not an error.
 */
import { execFile } from 'node:child_process';
import { BackendConfigError, type Quota } from '../types';
import { explainRcloneFailure, rcloneExcerpt } from './rclone-errors';

/** What `rclone about --json` prints; every field is optional (rclone leaves out what the provider does not tell). */
interface AboutAnswer {
  total?: number;
  used?: number;
  trashed?: number;
  other?: number;
  free?: number;
  objects?: number;
}

export interface AboutContext {
  rclone: string;
  /** `name:root`, as the config file names the remote. */
  remote: string;
  /** `--config FILE` and friends. */
  configArgs: string[];
  env: NodeJS.ProcessEnv;
  remoteType: string;
  /** Values no message may contain. */
  secrets: readonly string[];
  timeoutMs?: number;
}

/** rclone's words for a remote that has no quota call at all. */
const UNSUPPORTED = /doesn't support about|about not supported|not supported by this remote|does not support about/i;

const byteCount = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);

/**
 * rclone's answer as a Quota. Free space is the provider's figure; only when
 * it gives total and used but no free is free computed from them (less what
 * it counts as other services' use).
 */
export function parseAboutJson(text: string): Quota {
  let answer: AboutAnswer;
  try {
    answer = JSON.parse(text) as AboutAnswer;
  } catch {
    throw new Error('rclone answered `rclone about` with something that is not its JSON report');
  }
  if (typeof answer !== 'object' || answer === null) throw new Error('rclone answered `rclone about` with something that is not its JSON report');
  const total = byteCount(answer.total);
  const used = byteCount(answer.used);
  const other = byteCount(answer.other) ?? 0;
  const free = byteCount(answer.free) ?? (total !== undefined && used !== undefined ? Math.max(0, total - used - other) : undefined);
  const quota: Quota = {};
  if (total !== undefined) quota.totalBytes = total;
  if (used !== undefined) quota.usedBytes = used + other;
  if (free !== undefined) quota.freeBytes = free;
  return quota;
}

/** Runs `rclone about --json` on the remote; {} when the remote has no quota call; throws a secret-free account error otherwise. */
export function rcloneAbout(context: AboutContext): Promise<Quota> {
  const args = ['about', context.remote, '--json', ...context.configArgs, '--log-level', 'NOTICE'];
  return new Promise((resolve, reject) => {
    execFile(context.rclone, args, { env: context.env, timeout: context.timeoutMs ?? 60_000, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (!error) {
        try {
          resolve(parseAboutJson(stdout));
        } catch (problem) {
          reject(problem);
        }
        return;
      }
      const lines = String(stderr).split('\n').filter((line) => line.trim() !== '');
      if (lines.some((line) => UNSUPPORTED.test(line))) {
        resolve({});
        return;
      }
      if ((error as NodeJS.ErrnoException & { killed?: boolean }).killed) {
        reject(new BackendConfigError(`rclone did not say how much space the ${context.remoteType} remote has within ${Math.round((context.timeoutMs ?? 60_000) / 1000)} s`, 'unreachable'));
        return;
      }
      const explained = explainRcloneFailure(lines, context.remoteType);
      if (explained) reject(explained);
      else reject(new Error(`rclone could not tell the space on the ${context.remoteType} remote: ${rcloneExcerpt(lines, context.secrets)}`));
    });
  });
}
