/**
 * Keeps the service host running for main: launches it, routes requests and
 * events through a HostClient, restarts it once if it dies, and after a second
 * death answers every call with 'unavailable' and a sentence saying what to do
 * (a host that keeps crashing would otherwise loop, losing work each time).
 * Host state changes reach listeners as `{ type: 'service-host', state }`
 * events, alongside the service's own events, so the tray and the page hear
 * them the same way. The Electron calls (utilityProcess.fork,
 * MessageChannelMain) come in through `launch`, so this runs in unit tests.
 */
import type { BridgeResult } from '../../shared/bridge';
import type { DesktopEvent } from '../../shared/events';
import type { OperationName } from '../../shared/operations';
import { HostClient, unavailable } from './host-client';
import type { HostToMain, MainToHost } from './host-protocol';
import { detailsInLog } from '../log-file';

/** What main needs from the service, wherever it runs. */
export interface ServiceHost {
  request(operation: OperationName, input: unknown): Promise<BridgeResult>;
  subscribe(listener: (event: DesktopEvent) => void): () => void;
  /** Closes the service (jobs stop and resume next time); gives up after timeoutMs. */
  shutdown(timeoutMs: number): Promise<void>;
}

export interface HostChild {
  once(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export interface HostPort {
  postMessage(message: MainToHost): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  start(): void;
  close(): void;
}

export type { HostStateEvent } from '../../shared/events';

const RESTARTING = "RAIC's background service stopped unexpectedly and is restarting. Try again in a moment.";
const STARTING = "RAIC's background service is still starting. Try again in a moment.";
const SHUTTING_DOWN = 'RAIC is shutting down.';

function failedMessage(code: number, reason: string | undefined, logFile: string | undefined): string {
  const why = reason ?? `RAIC's background service stopped twice (exit code ${code}).`;
  return `${why} Quit RAIC and open it again; ${detailsInLog(logFile)}.`;
}

interface Running {
  child: HostChild;
  port: HostPort;
  client: HostClient;
  ready: boolean;
  exited: Promise<number>;
}

export class SupervisedHost implements ServiceHost {
  private current: Running | undefined;
  private restarts = 0;
  private failure: string | undefined;
  private lastReason: string | undefined;
  private stopping = false;
  private readonly listeners = new Set<(event: DesktopEvent) => void>();

  constructor(
    private readonly deps: {
      launch: () => { child: HostChild; port: HostPort };
      log: (line: string) => void;
      /** How many times a dead host is started again; 1 by design (see above). */
      maxRestarts?: number;
      /** The log file the failure message points the user to. */
      logFile?: string;
    },
  ) {}

  start(): void {
    const { child, port } = this.deps.launch();
    const client = new HostClient((message) => port.postMessage(message), this.deps.log);
    const running: Running = { child, port, client, ready: false, exited: new Promise((resolve) => child.once('exit', resolve)) };
    this.current = running;
    port.on('message', (event) => {
      const message = client.receive(event.data);
      if (message) this.handle(running, message);
    });
    port.start();
    void running.exited.then((code) => this.onExit(running, code));
  }

  request(operation: OperationName, input: unknown): Promise<BridgeResult> {
    if (this.failure) return Promise.resolve(unavailable(this.failure));
    if (this.stopping) return Promise.resolve(unavailable(SHUTTING_DOWN));
    if (!this.current) return Promise.resolve(unavailable(STARTING));
    return this.current.client.request(operation, input);
  }

  subscribe(listener: (event: DesktopEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async shutdown(timeoutMs: number): Promise<void> {
    this.stopping = true;
    const running = this.current;
    if (!running) return;
    try {
      running.port.postMessage({ kind: 'shutdown' });
    } catch {
      // The port is already closed: the host is on its way out; wait for its exit below.
    }
    const timedOut = Symbol('timeout');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const outcome = await Promise.race([running.exited, new Promise<symbol>((resolve) => (timer = setTimeout(() => resolve(timedOut), timeoutMs)))]);
    clearTimeout(timer);
    if (outcome === timedOut) {
      // Jobs resume at the next start; an unflushed catalog backup is retried then too.
      this.deps.log(`raic: the service did not close within ${timeoutMs} ms; stopping it`);
      running.child.kill();
    }
  }

  private handle(running: Running, message: Exclude<HostToMain, { kind: 'response' }>): void {
    switch (message.kind) {
      case 'ready':
        running.ready = true;
        this.emit({ type: 'service-host', state: 'running' });
        return;
      case 'event':
        this.emit(message.event);
        return;
      case 'failed':
        this.lastReason = message.message;
        this.deps.log(`raic: ${message.message}`);
        return;
      case 'closed':
        return;
    }
  }

  private onExit(running: Running, code: number): void {
    if (this.current === running) this.current = undefined;
    running.client.failAll(this.stopping ? SHUTTING_DOWN : RESTARTING);
    try {
      running.port.close();
    } catch {
      // Already closed with the process.
    }
    if (this.stopping) return;
    if (this.restarts < (this.deps.maxRestarts ?? 1)) {
      this.restarts++;
      this.deps.log(`raic: the service host exited (code ${code}); starting it again`);
      this.emit({ type: 'service-host', state: 'restarting' });
      this.start();
      return;
    }
    this.failure = failedMessage(code, this.lastReason, this.deps.logFile);
    this.deps.log(`raic: the service host exited (code ${code}) and is not restarted again`);
    this.emit({ type: 'service-host', state: 'failed', message: this.failure });
  }

  private emit(event: DesktopEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.deps.log(`raic: an event listener failed: ${String(error)}`);
      }
    }
  }
}
