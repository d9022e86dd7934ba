/** Background jobs: what the service and the HTTP layer import. */
export { JobRunner, type JobRunnerOptions, type StopOptions } from './job-runner';
export * from './types';
