/**
 * Entry of the service host: a utility process (utilityProcess.fork from
 * main) that runs RaicService, so encoding, hashing and storage I/O of a large
 * upload never compete with the window's main process. Main first posts
 * CONNECT_MESSAGE on parentPort with a MessagePort; the service is opened
 * before the port is started, so requests that arrive early wait in the port.
 * Bundled to dist/electron/service-host.cjs.
 */
import type { MessagePortMain } from 'electron';
import { RaicService } from '../../service/raic-service';
import { bundledRclonePath } from './bundled-rclone';
import { resolveDataDir } from '../../service/data-dir';
import { LOG_FILE_ARGUMENT, createFileLog } from '../log-file';
import { CONNECT_MESSAGE, argValue, dataDirArgument, type HostToMain } from './host-protocol';
import { serveHost } from './host-server';

// Main names the log file (a utility process has no `app.getPath`); without it, stderr only.
const logFile = argValue(process.argv, LOG_FILE_ARGUMENT);
const log = logFile ? createFileLog(logFile, 'service') : (line: string) => void process.stderr.write(`${line}\n`);

process.parentPort.on('message', (message) => {
  const port = message.ports[0];
  if (message.data !== CONNECT_MESSAGE || !port) return;
  void run(port);
});

async function run(port: MessagePortMain): Promise<void> {
  const post = (m: HostToMain) => port.postMessage(m);
  let service: RaicService;
  try {
    service = await RaicService.open(resolveDataDir(dataDirArgument(process.argv)), { log, holderName: 'the RAIC desktop app', bundledRclonePath: bundledRclonePath() });
  } catch (error) {
    log(`raic: the grid service could not open: ${(error as Error)?.stack ?? String(error)}`);
    port.start();
    post({ kind: 'failed', message: `RAIC could not open its data: ${(error as Error)?.message ?? String(error)}` });
    // Lets the message leave before the process ends.
    setTimeout(() => process.exit(1), 100);
    return;
  }
  service.startBackground();
  serveHost(
    service,
    {
      post,
      onMessage: (listener) => port.on('message', (event) => listener(event.data)),
    },
    { log, logFile, exit: (code) => setTimeout(() => process.exit(code), 50) },
  );
  port.start();
}
