/**
 * A watchdog so an rclone child never outlives RAIC, even when RAIC is
 * killed outright (SIGKILL, a crash) and no exit hook runs. rclone is
 * started through a tiny POSIX shell wrapper whose standard input is a pipe
 * from RAIC: the kernel closes that pipe when RAIC dies, whatever the cause,
 * and the wrapper then stops rclone. A normal stop (SIGTERM to the wrapper)
 * is passed on to rclone too.
 *
 * Windows has no /bin/sh; there rclone runs directly and only the exit hook
 * covers it (documented in docs/backends.md).
 */

/**
 * "$0" is rclone and "$@" its arguments. rclone's own stdin is /dev/null; fd 3
 * keeps RAIC's pipe for the watcher (a background job's stdin would otherwise
 * be /dev/null). The watcher waits for end-of-file, then stops rclone.
 */
const WRAPPER = [
  'exec 3<&0',
  '"$0" "$@" </dev/null 3<&- &',
  'child=$!',
  // Tells RAIC rclone's own pid (tests kill rclone itself to play a crash).
  'echo "raic-watchdog: rclone pid $child" >&2',
  '{ cat <&3 >/dev/null; kill -TERM "$child" 2>/dev/null; } &',
  "trap 'kill -TERM \"$child\" 2>/dev/null' TERM INT HUP",
  'wait "$child"',
  'code=$?',
  // A signal interrupts the first wait; the second one waits for rclone to finish stopping.
  'wait "$child" 2>/dev/null',
  'exit $code',
].join('\n');

/** The wrapper's line on stderr naming rclone's pid. */
export const WATCHDOG_PID_LINE = /^raic-watchdog: rclone pid (\d+)$/;

export interface WatchedCommand {
  command: string;
  args: string[];
  /** Whether the child's stdin must be a pipe RAIC keeps open for as long as it lives. */
  watchesStdin: boolean;
}

/** The command that runs `program args` under the watchdog where the platform has a POSIX shell. */
export function underWatchdog(program: string, args: string[], platform: NodeJS.Platform = process.platform): WatchedCommand {
  if (platform === 'win32') return { command: program, args, watchesStdin: false };
  return { command: '/bin/sh', args: ['-c', WRAPPER, program, ...args], watchesStdin: true };
}
