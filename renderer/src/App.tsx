/**
 * The app's frame: navigation on the left, the current screen on the right,
 * and the first-run wizard until setup is complete. Screens live in
 * screens/<name>/ and get everything through useApi() and useResource().
 */
import type { RaicClient } from './api-client';
import { ApiProvider, useApi } from './app/ApiContext';
import { routeHref, useRoute, type ScreenId } from './app/routes';
import { useResource } from './app/useResource';
import { ConnectionBanner } from './app/ConnectionBanner';
import { HealthBadge, ResourceView } from './components/common';
import { DashboardScreen } from './screens/dashboard/DashboardScreen';
import { FilesScreen } from './screens/files/FilesScreen';
import { TrashScreen } from './screens/trash/TrashScreen';
import { AccountsScreen } from './screens/accounts/AccountsScreen';
import { HealthScreen } from './screens/health/HealthScreen';
import { SettingsScreen } from './screens/settings/SettingsScreen';
import { SetupWizard } from './screens/setup/SetupWizard';

const NAV: { id: ScreenId; label: string }[] = [
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'files', label: 'Files' },
  { id: 'trash', label: 'Trash' },
  { id: 'accounts', label: 'Accounts' },
  { id: 'health', label: 'Health' },
  { id: 'settings', label: 'Settings' },
];

export function App({ api }: { api: RaicClient }) {
  return (
    <ApiProvider api={api}>
      <Frame />
    </ApiProvider>
  );
}

function Frame() {
  const api = useApi();
  const route = useRoute();
  const status = useResource(() => api.getStatus({}), [api], ['accounts-changed', 'account-health', 'grid-health', 'recovery', 'paused'], 2000);
  return (
    <div className="app">
      <header className="app-header">
        <img src="./favicon.svg" alt="" width={28} height={28} />
        <h1>RAIC</h1>
        <span className="tagline">your files, encrypted and spread across the storage you already have</span>
        {status.state === 'ready' && (
          <span className="header-health" aria-label="Grid health">
            <HealthBadge health={status.value.health} />
          </span>
        )}
      </header>
      <ConnectionBanner />
      <ResourceView resource={status} what="your grid">
        {(value) =>
          !value.setupComplete || route.screen === 'setup' ? (
            <main className="setup-main">
              <SetupWizard status={value} onDone={() => void status.reload()} />
            </main>
          ) : (
            <div className="layout">
              <nav className="side-nav" aria-label="Main">
                <ul>
                  {NAV.map((item) => (
                    <li key={item.id}>
                      <a href={routeHref(item.id)} aria-current={route.screen === item.id ? 'page' : undefined}>
                        {item.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
              <main className="screen">
                {route.screen === 'dashboard' && <DashboardScreen status={value} onChanged={() => void status.reload()} />}
                {route.screen === 'files' && <FilesScreen folder={route.rest || '/'} />}
                {route.screen === 'trash' && <TrashScreen />}
                {route.screen === 'accounts' && <AccountsScreen status={value} onChanged={() => void status.reload()} />}
                {route.screen === 'health' && <HealthScreen />}
                {route.screen === 'settings' && <SettingsScreen status={value} onChanged={() => void status.reload()} />}
              </main>
            </div>
          )
        }
      </ResourceView>
    </div>
  );
}
