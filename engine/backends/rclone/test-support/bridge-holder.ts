/**
 * A process standing in for RAIC: opens an rclone bridge over a `local`
 * remote (the folder in argv[2]), starts its child, prints the pids of the
 * watchdog wrapper and of rclone as one JSON line, then waits to be killed.
 */
import { RcloneBridge } from '../rclone-bridge';

const bridge = new RcloneBridge({ remoteType: 'local', root: process.argv[2] ?? '', options: {}, secretOptions: {} });
await bridge.endpoint();
process.stdout.write(`${JSON.stringify({ rclone: bridge.pid(), wrapper: bridge.wrapperPid(), folder: bridge.workFolder })}\n`);
setInterval(() => undefined, 60_000);
