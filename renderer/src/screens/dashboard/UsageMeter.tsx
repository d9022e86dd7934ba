/**
 * A labelled bar for how full something is: the label says it in words and
 * figures above the bar, so the colours are only a second way to read it.
 * Up to two filled parts: RAIC's bytes, and other things on the account.
 */
import { formatBytes } from '../../../../shared/format-bytes';

export interface MeterPart {
  bytes: number;
  /** 'raic' for RAIC's shares, 'other' for everything else on the account. */
  kind: 'raic' | 'other';
}

export function UsageMeter({ label, parts, capacity, words, testId }: { label: string; parts: readonly MeterPart[]; capacity: number; words: string; testId?: string }) {
  const used = parts.reduce((sum, p) => sum + p.bytes, 0);
  const percent = capacity > 0 ? Math.min(100, (used / capacity) * 100) : 0;
  // Very full is worth a warning colour; the words say it too.
  const level = percent >= 95 ? 'meter-full' : percent >= 80 ? 'meter-high' : '';
  return (
    <div className="usage-meter">
      <div className="meter-label">
        <span>{label}</span>
        <span className="muted" data-testid={testId}>
          {words}
        </span>
      </div>
      <div
        className={`meter ${level}`}
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(percent)}
        aria-valuetext={`${words} (${percentWords(percent)})`}
      >
        {parts.map((part, i) => (
          <span key={i} className={`meter-part meter-${part.kind}`} style={{ width: `${capacity > 0 ? Math.min(100, (part.bytes / capacity) * 100) : 0}%` }} />
        ))}
      </div>
      {parts.length > 1 && (
        <div className="meter-legend muted">
          {parts.map((part, i) => (
            <span key={i}>
              <span className={`legend-swatch meter-${part.kind}`} aria-hidden="true" /> {part.kind === 'raic' ? 'RAIC' : 'other data'} {formatBytes(part.bytes)}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}

/** Never "0%" for something that holds data, never "100%" until it is full. */
export function percentWords(percent: number): string {
  if (percent > 0 && percent < 1) return 'under 1%';
  if (percent > 99 && percent < 100) return 'over 99%';
  return `${Math.round(percent)}%`;
}

export function ofWords(used: number, capacity: number): string {
  return `${formatBytes(used)} of ${formatBytes(capacity)}`;
}
