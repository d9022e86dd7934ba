/**
 * The events RAIC pushes without being asked, declared once for every side:
 * the service's event bus emits `ServiceEvent`s; the service host posts them
 * to Electron's main process, which adds its own `service-host` state events
 * and forwards both to the page (`DesktopEvent`); headless mode streams
 * `ServiceEvent`s as Server-Sent Events; the renderer's client adds
 * `stream-reconnecting` when its event stream dropped and `stream-connected`
 * when it is open again (`UiEvent`).
 *
 * Wherever an event crosses a process boundary (host -> main, main or the
 * HTTP stream -> page) the receiver parses it with these schemas and drops
 * what does not match, so a mismatched peer cannot hand the UI a shape it
 * does not expect. Unknown fields are stripped by the parse.
 */
import { z } from 'zod';
import { AccountHealthSchema, GridHealthSchema, HealthEventSchema, JobSchema } from './api-schemas';

// ---------- the service's event bus ----------

/** A job's snapshot after any change: queued, progress, done, failed, cancelled. */
export const JobEventSchema = z.object({ type: z.literal('job'), job: JobSchema });
/** Finished jobs were cleared from the list. */
export const JobRemovedEventSchema = z.object({ type: z.literal('job-removed'), id: z.string() });
/** One account's probe result changed (online, offline, latency). */
export const AccountHealthEventSchema = z.object({ type: z.literal('account-health'), account: AccountHealthSchema });
/** The grid's health as the monitor sees it (the accounts come with account-health events). */
export const GridHealthEventSchema = z.object({ type: z.literal('grid-health'), grid: GridHealthSchema.omit({ accounts: true }) });
/** Something the monitor noticed, before it is stored in the history. */
export const MonitorEventSchema = z.object({
  type: z.literal('monitor-event'),
  event: z.object({
    kind: z.enum(['account-offline', 'account-online', 'file-health', 'share-corrupt', 'repair-done', 'repair-failed', 'check-pass']),
    severity: z.enum(['info', 'warning', 'error']),
    message: z.string(),
    accountId: z.string().optional(),
    filePath: z.string().optional(),
  }),
});
/** An event was added to the health history (as listEvents returns it). */
export const HealthHistoryEventSchema = z.object({ type: z.literal('health-event'), event: HealthEventSchema });
/** The catalog backup was published (or failed to be). */
export const RecoveryEventSchema = z.object({
  type: z.literal('recovery'),
  state: z.object({ seq: z.number().int(), lastPublishedAt: z.number().nullable(), catalogCap: z.string().nullable(), problem: z.string().nullable() }),
});
/** Background work was paused or resumed. */
export const PausedEventSchema = z.object({ type: z.literal('paused'), paused: z.boolean() });
/** An account was added, edited, enabled, disabled or removed: lists built from accounts reload. */
export const AccountsChangedEventSchema = z.object({ type: z.literal('accounts-changed') });

const serviceEventOptions = [
  JobEventSchema,
  JobRemovedEventSchema,
  AccountHealthEventSchema,
  GridHealthEventSchema,
  MonitorEventSchema,
  HealthHistoryEventSchema,
  RecoveryEventSchema,
  PausedEventSchema,
  AccountsChangedEventSchema,
] as const;

export const ServiceEventSchema = z.discriminatedUnion('type', [...serviceEventOptions]);
export type ServiceEvent = z.infer<typeof ServiceEventSchema>;

// ---------- added on the way to the page ----------

/** Electron's main process: the service host started, is restarting, or stopped for good (with a sentence saying what to do). */
export const HostStateEventSchema = z.object({
  type: z.literal('service-host'),
  state: z.enum(['running', 'restarting', 'failed']),
  message: z.string().optional(),
});
export type HostStateEvent = z.infer<typeof HostStateEventSchema>;

/** What main forwards to the desktop page. */
export const DesktopEventSchema = z.discriminatedUnion('type', [...serviceEventOptions, HostStateEventSchema]);
export type DesktopEvent = z.infer<typeof DesktopEventSchema>;

/** The renderer's own: its event stream dropped and is reconnecting, so what it shows may be stale. */
export type StreamReconnectingEvent = { type: 'stream-reconnecting' };

/** The renderer's own: its event stream is open; `reconnected` after it had dropped, so what the page shows must be loaded again. */
export type StreamConnectedEvent = { type: 'stream-connected'; reconnected: boolean };

/** Everything a screen can hear. */
export type UiEvent = DesktopEvent | StreamReconnectingEvent | StreamConnectedEvent;
export type UiEventType = UiEvent['type'];
/** The event of one type, e.g. `UiEventOf<'job'>`. */
export type UiEventOf<T extends UiEventType> = Extract<UiEvent, { type: T }>;

/** The event, or undefined when it is not one the service sends. */
export function parseServiceEvent(value: unknown): ServiceEvent | undefined {
  const parsed = ServiceEventSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** The event, or undefined when it is not one main forwards to the page. */
export function parseDesktopEvent(value: unknown): DesktopEvent | undefined {
  const parsed = DesktopEventSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
