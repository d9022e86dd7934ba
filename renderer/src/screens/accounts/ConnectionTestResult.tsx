/** The checks of a connection test, each with ✓ or ✗ and the service's words for it. */
import type { ConnectionTest } from '../../../../shared/api';
import { checkTitle, plainMessage } from '../../../../shared/plain-errors';
import { PlainMessage } from '../../components/PlainMessage';

export function ConnectionTestResult({ result }: { result: ConnectionTest }) {
  return (
    <div className={`connection-test ${result.ok ? 'ok' : 'failed'}`} data-testid="connection-test">
      <p className="connection-verdict">
        {result.ok
          ? `The connection works${result.latencyMs !== undefined ? ` (answers in ${Math.round(result.latencyMs)} ms)` : ''}.`
          : 'The connection test failed. Nothing was saved: see the failed check below, correct the settings and test again.'}
      </p>
      <ul className="check-list">
        {result.checks.map((check, index) => (
          <li key={`${check.name}-${index}`} className={check.ok ? 'check-ok' : 'check-failed'}>
            <span className="check-mark" aria-hidden="true">
              {check.ok ? '✓' : '✗'}
            </span>
            <span className="visually-hidden">{check.ok ? 'Passed: ' : 'Failed: '}</span>
            <strong>{checkTitle(check.name, check.detail)}</strong> {check.ok ? check.detail : <PlainMessage message={plainMessage(check.detail)} />}
          </li>
        ))}
      </ul>
    </div>
  );
}
