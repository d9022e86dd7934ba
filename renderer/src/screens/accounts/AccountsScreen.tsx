/** Accounts: the list, and adding one. */
import type { GridStatus } from '../../../../shared/api';
import { useApi } from '../../app/ApiContext';
import { AddLocalAccountForm } from './AddLocalAccountForm';

export function AccountsScreen({ status, onChanged }: { status: GridStatus; onChanged: () => void }) {
  const api = useApi();
  return (
    <>
      <h2>Accounts</h2>
      <ul>
        {status.accounts.map((a) => (
          <li key={a.id}>{a.name}</li>
        ))}
      </ul>
      <AddLocalAccountForm api={api} onAdded={async () => onChanged()} />
    </>
  );
}
