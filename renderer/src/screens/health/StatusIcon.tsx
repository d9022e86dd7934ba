/**
 * A small drawn icon for a health state or event severity. Drawn in SVG
 * rather than taken from a font so it looks the same on every system; always
 * decorative (aria-hidden), because the words next to it carry the meaning.
 */
export type IconShape = 'check' | 'warning' | 'cross' | 'info' | 'question';

export function StatusIcon({ shape, className = '' }: { shape: IconShape; className?: string }) {
  return (
    <svg className={`status-icon ${className}`} viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      {shape === 'warning' ? (
        <path d="M8 1.5 15 14.5H1Z" fill="currentColor" />
      ) : (
        <circle cx="8" cy="8" r="7" fill="currentColor" />
      )}
      <g stroke="var(--card)" strokeWidth="1.8" strokeLinecap="round" fill="none">
        {shape === 'check' && <path d="M4.5 8.2 7 10.6 11.5 5.6" />}
        {shape === 'cross' && <path d="M5.3 5.3 10.7 10.7M10.7 5.3 5.3 10.7" />}
        {shape === 'warning' && <path d="M8 6v4.2M8 12.4v.1" />}
        {shape === 'info' && <path d="M8 7.2v4.3M8 4.6v.1" />}
        {shape === 'question' && <path d="M6.2 6.2a1.9 1.9 0 1 1 2.6 1.8c-.6.3-.8.6-.8 1.3M8 11.8v.1" />}
      </g>
    </svg>
  );
}

export const HEALTH_ICON = { healthy: 'check', degraded: 'warning', 'at-risk': 'warning', unreadable: 'cross', unknown: 'question' } as const;
export const SEVERITY_ICON = { info: 'info', warning: 'warning', error: 'cross' } as const;
