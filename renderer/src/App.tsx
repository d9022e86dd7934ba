import { useCallback, useEffect, useState } from 'react';
import type { GridStatus, RaicApi } from '../../shared/api';
import { AccountCard } from './AccountCard';
import { AddLocalAccountForm } from './AddLocalAccountForm';
import { GridSummary } from './GridSummary';

type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; status: GridStatus };

export function App({ api }: { api: RaicApi }) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  const refresh = useCallback(async () => {
    try {
      setLoad({ state: 'ready', status: await api.getStatus({}) });
    } catch (error) {
      setLoad({ state: 'error', message: (error as Error).message });
    }
  }, [api]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return (
    <div className="app">
      <header className="app-header">
        <img src="./favicon.svg" alt="" width={28} height={28} />
        <h1>RAIC</h1>
        <span className="tagline">your files, encrypted and spread across the storage you already have</span>
      </header>
      <main>
        {load.state === 'loading' && <p className="muted" role="status">Loading your grid…</p>}
        {load.state === 'error' && (
          <div className="error-panel" role="alert">
            <strong>RAIC could not load your grid.</strong>
            <p>{load.message}</p>
            <button type="button" onClick={() => void refresh()}>Try again</button>
          </div>
        )}
        {load.state === 'ready' && (
          <>
            <GridSummary status={load.status} />
            <section aria-labelledby="accounts-heading">
              <h2 id="accounts-heading">Accounts</h2>
              {load.status.accounts.length === 0 ? (
                <p className="muted">No accounts yet. Add a folder or a cloud account below to start storing files.</p>
              ) : (
                <ul className="account-grid">
                  {load.status.accounts.map((account) => (
                    <AccountCard key={account.id} account={account} />
                  ))}
                </ul>
              )}
            </section>
            <AddLocalAccountForm api={api} onAdded={refresh} />
          </>
        )}
      </main>
    </div>
  );
}
