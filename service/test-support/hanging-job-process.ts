/**
 * A RAIC process that dies mid-job: it opens the database given as its
 * argument, submits an upload whose handler reports some progress (again a
 * second later, when it is written) and then never finishes, prints
 * "running <job id>" and waits to be killed.
 */
import { JobRunner } from '../jobs/job-runner';
import { openJobDatabase } from './jobs';

const db = openJobDatabase(process.argv[2]);
const runner = new JobRunner({
  db,
  handlers: {
    upload: async (_params, ctx) => {
      ctx.progress(100, 5000);
      // Progress is written at most once a second, the first time a second after the start.
      setTimeout(() => {
        ctx.progress(1234, 5000);
        process.stdout.write(`running ${job.id}\n`);
      }, 1_100);
      // Keeps the process alive until the test kills it.
      setInterval(() => {}, 60_000);
      return new Promise(() => {});
    },
  },
});
const job = runner.submit('upload', { file: 'holiday.jpg' }, { title: 'Upload holiday.jpg' });
runner.start();
