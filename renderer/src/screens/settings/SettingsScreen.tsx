/** Settings: encoding, monitor, prices, keychain, recovery key. */
import type { GridStatus } from '../../../../shared/api';

export function SettingsScreen({ status }: { status: GridStatus; onChanged: () => void }) {
  return <h2>Settings for {status.dataDir}</h2>;
}
