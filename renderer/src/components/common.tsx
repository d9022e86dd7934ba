/** Small pieces every screen uses, so loading, empty and error states look and read the same everywhere. */
import { useEffect, useRef, type ReactNode } from 'react';
import type { Resource } from '../app/useResource';
import { ACCESS_TOKEN_CHANGED, failureTitle } from '../app/access-words';

/** `reserve`: the height in px of what is loading (app/useReservedSpace.ts), so nothing below jumps when it arrives. */
export function Loading({ what, reserve }: { what: string; reserve?: number }) {
  return (
    <p className="muted" role="status" aria-live="polite" style={reserve ? { minHeight: reserve, margin: 0 } : undefined}>
      Loading {what}…
    </p>
  );
}

export function ErrorPanel({ title, message, onRetry }: { title: string; message: string; onRetry?: () => void }) {
  return (
    <div className="error-panel" role="alert">
      <strong>{title}</strong>
      <p>{message}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <strong>{title}</strong>
      {children && <div className="muted">{children}</div>}
    </div>
  );
}

/** Renders a resource's loading and error states, and `children(value)` when it is ready. */
export function ResourceView<T>({ resource, what, reserve, children }: { resource: Resource<T>; what: string; reserve?: number; children: (value: T) => ReactNode }) {
  // A new access token pasted into the address loads a failed view again, without a page reload.
  const failed = resource.state === 'error';
  const reload = resource.reload;
  useEffect(() => {
    if (!failed) return;
    const retry = () => void reload();
    window.addEventListener(ACCESS_TOKEN_CHANGED, retry);
    return () => window.removeEventListener(ACCESS_TOKEN_CHANGED, retry);
  }, [failed, reload]);
  if (resource.state === 'loading') return <Loading what={what} reserve={reserve} />;
  if (resource.state === 'error') return <ErrorPanel title={failureTitle(resource.message, what)} message={resource.message} onRetry={() => void resource.reload()} />;
  return <>{children(resource.value)}</>;
}

export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const percent = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
      <div className="progress-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}

export type HealthState = 'healthy' | 'degraded' | 'at-risk' | 'unreadable' | 'unknown';

const HEALTH_LABEL: Record<HealthState, string> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  'at-risk': 'At risk',
  unreadable: 'Unreadable',
  unknown: 'Not checked yet',
};

export function HealthBadge({ health }: { health: HealthState }) {
  return (
    <span className={`health-badge health-${health}`} data-testid="health-badge">
      {HEALTH_LABEL[health]}
    </span>
  );
}

/** A modal dialog on the native <dialog> element: focus is trapped and Escape closes it. */
export function Dialog({ title, open, onClose, children }: { title: string; open: boolean; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="dialog" aria-label={title} onClose={onClose}>
      <h2>{title}</h2>
      {children}
    </dialog>
  );
}

export function formatDate(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return new Date(ms).toLocaleString();
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '';
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
