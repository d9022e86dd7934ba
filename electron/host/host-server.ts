/**
 * The service host's message loop, apart from Electron so it runs in the unit
 * tests: every valid request goes through `dispatch` (which validates the
 * input against the contract again: the host trusts no one), every service
 * event is posted to main, and 'shutdown' closes the service (jobs stop and
 * resume at the next start, the catalog backup is flushed) before exiting.
 */
import type { RaicApi } from '../../shared/api';
import { dispatch } from '../../service/dispatch';
import { detailsInLog } from '../log-file';
import { unavailable } from './host-client';
import { parseMainToHost, type HostEvent, type HostToMain } from './host-protocol';

export interface HostedService extends RaicApi {
  events: { subscribe(listener: (event: HostEvent) => void): () => void };
  close(): Promise<void>;
}

export interface HostPort {
  post(message: HostToMain): void;
  onMessage(listener: (raw: unknown) => void): void;
}

export function serveHost(
  service: HostedService,
  port: HostPort,
  options: { log: (line: string) => void; exit: (code: number) => void; /** Named in the internal-error answer. */ logFile?: string },
): void {
  const { log } = options;
  let closing = false;
  const post = (message: HostToMain) => {
    try {
      port.post(message);
    } catch (error) {
      // An event with something structured clone refuses (a function, a handle) must not stop the loop.
      log(`raic: the service host could not post a ${message.kind} message: ${String(error)}`);
    }
  };
  const unsubscribe = service.events.subscribe((event) => post({ kind: 'event', event }));

  port.onMessage((raw) => {
    const message = parseMainToHost(raw);
    if (!message) {
      log('raic: the service host ignored a malformed message');
      return;
    }
    if (message.kind === 'request') {
      if (closing) {
        post({ kind: 'response', id: message.id, result: unavailable('RAIC is shutting down.') });
        return;
      }
      void dispatch(service, message.operation, message.input, log).then((result) => {
        try {
          port.post({ kind: 'response', id: message.id, result });
        } catch (error) {
          // The caller must still get an answer when the value cannot cross the process boundary.
          log(`raic: the answer to ${message.operation} could not be sent: ${String(error)}`);
          post({ kind: 'response', id: message.id, result: { ok: false, error: { code: 'internal', message: `RAIC hit an internal error; ${detailsInLog(options.logFile)}.` } } });
        }
      });
      return;
    }
    if (closing) return;
    closing = true;
    unsubscribe();
    service
      .close()
      .catch((error: unknown) => log(`raic: closing the service failed: ${String(error)}`))
      .finally(() => {
        post({ kind: 'closed' });
        options.exit(0);
      });
  });
  post({ kind: 'ready' });
}
