/** The background job list: progress, cancel, clear. */
import { ApiError } from '../../shared/api';
import type { ServiceContext } from '../service-context';
import { JobNotFoundError } from '../jobs';
import type { OperationHandlers } from './handlers';

export function jobOperations(ctx: ServiceContext): OperationHandlers<'listJobs' | 'cancelJob' | 'clearFinishedJobs'> {
  return {
    listJobs: async (input) => ctx.jobs.list({ states: input.states }),
    async cancelJob(input) {
      try {
        return ctx.jobs.cancel(input.id);
      } catch (error) {
        if (error instanceof JobNotFoundError) throw new ApiError('not_found', 'That job does not exist (finished jobs may have been cleared).');
        throw error;
      }
    },
    clearFinishedJobs: async () => ({ cleared: ctx.jobs.clearFinished() }),
  };
}
