/**
 * Fallback when dist/electron/service-host.cjs is missing (a build without
 * the host entry): the service runs in main, as before the utility process.
 * The app works, but a large upload can make the window stutter. Loaded with
 * a dynamic import so the service's modules (and the SQLite add-on) are not
 * evaluated in main when the host bundle exists.
 */
import { dispatch } from '../../service/dispatch';
import { RaicService } from '../../service/raic-service';
import { bundledRclonePath } from './bundled-rclone';
import type { ServiceHost } from './host-supervisor';

export async function openInProcessHost(dataDir: string, log: (line: string) => void): Promise<ServiceHost> {
  const service = await RaicService.open(dataDir, { log, holderName: 'the RAIC desktop app', bundledRclonePath: bundledRclonePath() });
  service.startBackground();
  let closing: Promise<void> | undefined;
  return {
    request: (operation, input) => dispatch(service, operation, input, log),
    subscribe: (listener) => service.events.subscribe(listener),
    async shutdown(timeoutMs) {
      closing ??= service.close();
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([closing.catch((error: unknown) => log(`raic: closing the service failed: ${String(error)}`)), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
      clearTimeout(timer);
    },
  };
}
