import type { GridStatus } from '../../../../shared/api';
import { formatBytes } from '../../format';

export function GridSummary({ status }: { status: GridStatus }) {
  const { needed, total, happy } = status.encoding;
  const online = status.accounts.filter((a) => a.status === 'online').length;
  const used = status.accounts.reduce((sum, a) => sum + a.bytesUsed, 0);
  return (
    <section className="summary" aria-label="Grid summary">
      <div>
        <div className="summary-figure">
          {online} of {status.accounts.length}
        </div>
        <div className="muted">accounts online</div>
      </div>
      <div>
        <div className="summary-figure">
          {needed} of {total}
        </div>
        <div className="muted">shares rebuild a file (uploads need {happy} accounts)</div>
      </div>
      <div>
        <div className="summary-figure">{formatBytes(used)}</div>
        <div className="muted">stored across the grid</div>
      </div>
      <div className="summary-path">
        <div className="muted">Data folder</div>
        <code>{status.dataDir}</code>
      </div>
    </section>
  );
}
