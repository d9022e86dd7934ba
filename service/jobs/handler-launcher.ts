/**
 * The handlers of the kinds of job a runner knows, and starting one for an
 * attempt: the context it gets (abort signal, attempt number, progress
 * reports through the throttle), its params as they were stored, and its
 * outcome handed to the end recorder once it settles.
 */
import { settle, type Attempt, type Outcome } from './attempt';
import type { JobRow } from './job-store';
import type { ProgressThrottle } from './progress-throttle';
import type { JobContext, JobHandler, JobHandlers, JobKind, JobKindMap } from './types';

export interface HandlerLauncherDeps {
  throttle: Pick<ProgressThrottle, 'reportBytes' | 'reportFiles'>;
  announceRow(row: JobRow): void;
  /** EndRecorder.onSettled: resolves once the attempt's end is recorded. */
  onSettled(attempt: Attempt, outcome: Outcome): Promise<void>;
}

export class HandlerLauncher<Kinds extends JobKindMap> {
  private readonly handlers: JobHandlers<Kinds>;

  constructor(handlers: JobHandlers<Kinds>, private readonly deps: HandlerLauncherDeps) {
    this.handlers = { ...handlers };
  }

  knows(kind: string): kind is JobKind<Kinds> {
    return Object.hasOwn(this.handlers, kind);
  }

  /** Refuses a job of a kind this runner cannot run, naming the kinds it can. */
  checkKnown(kind: string): void {
    if (!this.knows(kind)) {
      throw new Error(`Unknown job kind '${kind}'; this RAIC runs ${Object.keys(this.handlers).map((k) => `'${k}'`).join(', ') || 'no'} jobs.`);
    }
  }

  /** Runs the handler of an attempt whose 'running' row is committed. */
  launch(attempt: Attempt): void {
    const row = attempt.row;
    const handler = this.handlerFor(row.kind)!;
    this.deps.announceRow(row);
    const context: JobContext = {
      signal: attempt.controller.signal,
      attempt: attempt.number,
      progress: (doneBytes, totalBytes) => this.deps.throttle.reportBytes(attempt, doneBytes, totalBytes),
      progressFiles: (doneFiles, totalFiles) => this.deps.throttle.reportFiles(attempt, doneFiles, totalFiles),
    };
    const params: unknown = JSON.parse(row.params_json);
    attempt.settled = settle(() => handler(params, context)).then((outcome) => this.deps.onSettled(attempt, outcome));
  }

  /**
   * The handler of a stored job's kind, taking the params as they come back
   * from the database; undefined for a kind this runner does not know.
   */
  private handlerFor(kind: string): JobHandler | undefined {
    if (!this.knows(kind)) return undefined;
    const handler: JobHandler<Kinds[typeof kind]> = this.handlers[kind];
    return (params, context) => handler(storedParams<Kinds[typeof kind]>(params), context);
  }
}

/**
 * A job's params as submit() stored them: submit() takes only the params of
 * the job's kind, and the database row keeps kind and params together, so
 * JSON.parse gives back that kind's params. This is the one place the runner
 * vouches for that instead of the compiler.
 */
export function storedParams<Params>(value: unknown): Params {
  return value as Params;
}
