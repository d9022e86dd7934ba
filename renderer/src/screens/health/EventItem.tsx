/** One event of the history: when, how serious (icon, colour and a word), what happened, and links to the file's folder and the account. */
import type { HealthEventRecord } from '../../../../shared/api';
import { routeHref } from '../../app/routes';
import { formatDate } from '../../components/common';
import { fileFolderHref } from './links';
import { SEVERITY_WORDS } from './healthWords';
import { eventText } from './eventText';
import { SEVERITY_ICON, StatusIcon } from './StatusIcon';

export function EventItem({ event, accountName }: { event: HealthEventRecord; accountName?: string }) {
  // The heading and the message say each thing once; a low-level error comes in plain words (eventText.ts).
  const text = eventText(event.kind, event.message);
  return (
    <li className="event-item" data-testid="health-event" data-kind={event.kind} data-severity={event.severity}>
      <time className="event-time" dateTime={new Date(event.at).toISOString()}>
        {formatDate(event.at)}
      </time>
      <div>
        <span className={`event-severity severity-${event.severity}`}>
          <StatusIcon shape={SEVERITY_ICON[event.severity]} />
          {SEVERITY_WORDS[event.severity]}
        </span>
        <span className="event-kind">{text.heading}</span>
        {text.message && <p className="event-message">{text.message}</p>}
        {(event.filePath || event.accountId) && (
          <div className="event-links">
            {event.filePath && (
              <a href={fileFolderHref(event.filePath)}>
                Open the folder of <bdi>{event.filePath}</bdi>
              </a>
            )}
            {event.accountId && <a href={routeHref('accounts')}>Account {accountName ?? ''}</a>}
          </div>
        )}
      </div>
    </li>
  );
}
