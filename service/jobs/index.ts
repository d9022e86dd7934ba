/** Background jobs: what the service and the HTTP layer import. */
export { JobRunner, SERVICE_SMALL_JOB_CONCURRENCY, type JobRunnerOptions, type StopOptions } from './job-runner';
export * from './types';
