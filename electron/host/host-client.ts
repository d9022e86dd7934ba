/**
 * Main's side of the request/response protocol: numbers each request, keeps
 * its resolver until the host answers, and answers every pending request with
 * an 'unavailable' error when the host goes away, so the page never waits
 * forever. Results are resolved, never rejected: the page's bridge expects a
 * BridgeResult either way (Electron's IPC drops the fields of thrown errors).
 * Free of Electron imports so it runs in the unit tests.
 */
import { ApiError } from '../../shared/api';
import type { BridgeResult } from '../../shared/bridge';
import type { OperationName } from '../../shared/operations';
import { parseHostToMain, type HostToMain, type MainToHost } from './host-protocol';

export function unavailable(message: string): BridgeResult {
  return { ok: false, ...new ApiError('unavailable', message).toBody() };
}

export class HostClient {
  private nextId = 1;
  private readonly pending = new Map<number, (result: BridgeResult) => void>();

  constructor(
    private readonly send: (message: MainToHost) => void,
    private readonly log: (line: string) => void,
  ) {}

  request(operation: OperationName, input: unknown): Promise<BridgeResult> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      try {
        this.send({ kind: 'request', id, operation, input });
      } catch (error) {
        // A closed port throws synchronously; the input is not logged (it may hold a path or a name).
        this.pending.delete(id);
        this.log(`raic: could not send ${operation} to the service: ${String(error)}`);
        resolve(unavailable('RAIC could not reach its background service. Try again in a moment.'));
      }
    });
  }

  /**
   * Takes one raw message from the host: settles a response here and returns
   * every other valid message for the caller; drops invalid ones with a log line.
   */
  receive(raw: unknown): Exclude<HostToMain, { kind: 'response' }> | undefined {
    const message = parseHostToMain(raw);
    if (!message) {
      this.log('raic: ignored a malformed message from the service host');
      return undefined;
    }
    if (message.kind !== 'response') return message;
    const resolve = this.pending.get(message.id);
    if (!resolve) {
      this.log(`raic: the service host answered unknown request ${message.id}`);
      return undefined;
    }
    this.pending.delete(message.id);
    resolve(message.result);
    return undefined;
  }

  /** Answers every waiting request with `unavailable: message` (the host stopped). */
  failAll(message: string): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const resolve of waiting) resolve(unavailable(message));
  }

  get pendingCount(): number {
    return this.pending.size;
  }
}
