/** Background jobs: what the service and the HTTP layer import. */
export { JobRunner, SERVICE_SMALL_JOB_CONCURRENCY, SERVICE_SMALL_JOB_BYTES_IN_FLIGHT, serviceSmallJobConcurrency, type JobRunnerOptions, type StopOptions } from './job-runner';
export * from './types';
