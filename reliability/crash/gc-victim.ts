/**
 * The gc crash test's victim: runs the workload (gc-workload.ts) on a root
 * folder until the test kills it with SIGKILL; prints "ready" when it starts
 * working. Usage: node --import tsx gc-victim.ts <root> <seed>
 */
import { runWorkload } from './gc-workload';

const [root, seedText] = process.argv.slice(2);
if (!root || !seedText) {
  console.error('usage: gc-victim.ts <root> <seed>');
  process.exit(2);
}
await runWorkload({ root, seed: Number(seedText), operations: 10_000, workers: 3, onStarted: () => process.stdout.write('ready\n') });
process.stdout.write('done\n');
