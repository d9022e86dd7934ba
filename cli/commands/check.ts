/**
 * `raic check CAP [--verify] [--repair] [--json]`: a file's health, optionally
 * verified and repaired. Listing shares proves only that they exist, not that
 * they are intact, so an unverified check never calls a file healthy: it says
 * "not verified" in words, in the JSON (`verdict`) and in its exit status.
 * Repairing verifies first: a repair that trusts unread shares rewrites
 * nothing when shares are corrupt.
 */
import { parseArgs } from 'node:util';
import type { SubcommandRun } from '../context';
import { checkFile, type CheckReport } from '../../engine/grid';

export const USAGE = `usage: raic check CAP [--verify] [--repair] [--json]
  --verify   read every share and check it against the file's hashes
  --repair   verify, then rebuild missing or corrupt shares
exit status: 0 verified healthy, 1 not healthy (or the check failed), 2 usage error,
             3 every share listed but not verified (add --verify)`;

/** Exit status of a check that listed every share but read none. */
const NOT_VERIFIED_EXIT = 3;

type Verdict = 'healthy' | 'not healthy' | 'not verified';

function verdictOf(report: CheckReport): Verdict {
  const final = report.repair?.after ?? report;
  if (!final.healthy) return 'not healthy';
  // A literal cap holds the file itself: there is nothing to verify.
  return final.kind === 'LIT' || final.verified ? 'healthy' : 'not verified';
}

export const run: SubcommandRun = async (argv, ctx) => {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { verify: { type: 'boolean' }, repair: { type: 'boolean' }, json: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    ctx.stderr.write(`raic check: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    ctx.stderr.write(`raic check: ${positionals.length === 0 ? 'CAP is required' : 'expected one CAP'}\n${USAGE}\n`);
    return 2;
  }
  const grid = await ctx.openGrid();
  let report: CheckReport;
  try {
    report = await checkFile(grid.servers, positionals[0], {
      verify: values.verify === true || values.repair === true,
      repair: values.repair,
      happy: grid.encoding.happy,
      maxSegmentSize: grid.encoding.maxSegmentSize,
      leaseSecret: grid.leaseSecret,
    });
  } catch (error) {
    ctx.stderr.write(`raic check: ${(error as Error).message}\n`);
    return 1;
  }
  const verdict = verdictOf(report);
  ctx.stdout.write(values.json ? `${JSON.stringify({ verdict, ...report }, null, 2)}\n` : formatReport(report));
  return verdict === 'healthy' ? 0 : verdict === 'not verified' ? NOT_VERIFIED_EXIT : 1;
};

const yesNo = (value: boolean): string => (value ? 'yes' : 'no');

export function formatReport(report: CheckReport, indent = ''): string {
  const lines: string[] = [];
  if (report.kind === 'LIT') {
    lines.push(`literal file (${report.fileSize} bytes, stored in the cap itself): healthy`);
    return lines.map((l) => `${indent}${l}\n`).join('');
  }
  lines.push(`storage index: ${report.storageIndex}  (${report.fileSize} bytes)`);
  const healthy = report.verified || !report.healthy ? yesNo(report.healthy) : 'not verified';
  lines.push(`healthy: ${healthy}   recoverable: ${yesNo(report.recoverable)}   ${report.verified ? 'every share verified' : 'shares listed, not read: corrupt shares go unnoticed (use --verify)'}`);
  lines.push(
    `good shares: ${report.goodShares} of ${report.expected} (${report.needed} needed)   happiness: ${report.happiness} (${report.happy} required)`,
  );
  lines.push('shares found:');
  if (report.sharesFound.length === 0) lines.push('  none');
  for (const server of report.sharesFound) lines.push(`  ${server.nickname} (${server.serverId}): ${server.shareNumbers.join(', ')}`);
  if (report.corruptShares.length > 0) {
    lines.push('corrupt shares:');
    for (const c of report.corruptShares) lines.push(`  share ${c.shareNumber} on ${c.nickname}: ${c.reason}`);
  }
  for (const u of report.unreachable) lines.push(`unreachable: ${u.nickname}: ${u.reason}`);
  const repair = report.repair;
  if (repair) {
    if (repair.placed.length > 0) {
      lines.push('repair placed:');
      for (const p of repair.placed) lines.push(`  ${p.nickname} (${p.serverId}): ${p.shareNumbers.join(', ')}`);
    }
    lines.push(`repair: ${repair.succeeded ? 'succeeded' : `failed: ${repair.error}`}`);
    if (repair.after) {
      lines.push('after repair:');
      return lines.map((l) => `${indent}${l}\n`).join('') + formatReport(repair.after, `${indent}  `);
    }
  }
  return lines.map((l) => `${indent}${l}\n`).join('');
}
