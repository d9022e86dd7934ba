/**
 * Everything the UI hears without asking: job progress, account status,
 * grid health, monitor events, catalog changes. One bus; the HTTP server
 * turns it into a Server-Sent Events stream and Electron's main process into
 * IPC messages. Listeners that throw are dropped from this delivery only.
 * The events and their fields are declared once, in shared/events.ts.
 */
import type { ServiceEvent } from '../shared/events';

export type { ServiceEvent } from '../shared/events';
export type ServiceEventListener = (event: ServiceEvent) => void;

export class EventBus {
  private readonly listeners = new Set<ServiceEventListener>();

  subscribe(listener: ServiceEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: ServiceEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // One broken subscriber (a closed socket) must not stop the others.
      }
    }
  }
}
