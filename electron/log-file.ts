/**
 * The desktop app's log file. A packaged app started from a launcher has no
 * terminal, so stderr alone is lost: main and the service host append the
 * same lines to one file in the OS's log folder, and the messages that say
 * "the details are in its log" name it. No Electron import: the service host
 * (a utility process, without `app`) receives the path from main.
 */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';

export const LOG_FILE_NAME = 'raic.log';
/** The previous log, kept once beside the current one when it grew too large. */
export const OLD_LOG_FILE_NAME = 'raic.old.log';
/** Past this size at start, the log is moved aside so it never grows without end. */
export const LOG_ROTATE_BYTES = 5 * 1024 * 1024;
/** The argument main passes the path to the service host with. */
export const LOG_FILE_ARGUMENT = '--log-file';

/**
 * Where the log goes. Normally the OS's log folder (Electron's
 * `app.getPath('logs')`: ~/Library/Logs/RAIC on macOS, inside the user data
 * folder on Linux and Windows). A separate profile (`--user-data-dir`, used
 * by tests and a second grid) logs inside that profile, so it never writes
 * into the user's own RAIC log.
 */
export function logFileLocation(options: { userDataOverride?: string; osLogsDir: () => string }): string {
  const folder = options.userDataOverride ? path.join(options.userDataOverride, 'logs') : options.osLogsDir();
  return path.join(folder, LOG_FILE_NAME);
}

/**
 * Defence in depth: the service's lines never carry secrets by design, but a
 * line quoting a foreign error could. Capabilities (Tahoe URIs: whoever has
 * one can read or write the file) and credentials in URLs are cut out.
 */
export function scrubLogLine(line: string): string {
  return line
    .replace(/\bURI:[A-Za-z0-9-]+:[^\s"'`,;)\]}]+/g, 'URI:[capability removed]')
    .replace(/\bpb:\/\/[^\s"'`,;)\]}]+/g, 'pb://[furl removed]')
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@:"']+:[^\s/@"']+@/gi, '$1[credentials removed]@');
}

/** Moves a log that grew past `limit` aside (replacing the older one). */
export function rotateLogFile(file: string, limit = LOG_ROTATE_BYTES): void {
  try {
    if (statSync(file).size <= limit) return;
    renameSync(file, path.join(path.dirname(file), OLD_LOG_FILE_NAME));
  } catch {
    // No file yet, or it cannot be moved: appending still works.
  }
}

/**
 * A log function that writes each line to stderr and appends it, with the
 * time and the writing process, to `file` (created private: 0600 in a 0700
 * folder). Appending is synchronous so the last line before a crash is on
 * disk; a file that cannot be written is reported once on stderr and then
 * left alone, never stopping the app.
 */
export function createFileLog(
  file: string,
  writer: string,
  options: { stderr?: (text: string) => void; now?: () => Date } = {},
): (line: string) => void {
  const stderr = options.stderr ?? ((text: string) => process.stderr.write(text));
  const now = options.now ?? (() => new Date());
  let broken = false;
  return (line: string) => {
    stderr(`${line}\n`);
    if (broken) return;
    try {
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      appendFileSync(file, `${now().toISOString()} [${writer}] ${scrubLogLine(line)}\n`, { mode: 0o600 });
    } catch (error) {
      broken = true;
      stderr(`raic: the log file ${file} cannot be written (${error instanceof Error ? error.message : String(error)}); logging to stderr only\n`);
    }
  };
}

/** How a message names the log: "the details are in its log (<path>)". */
export function detailsInLog(file: string | undefined): string {
  return file ? `the details are in its log, ${file}` : 'the details are in its log';
}
