/** The first-run wizard. */
import type { GridStatus } from '../../../../shared/api';
import { useApi } from '../../app/ApiContext';

export function SetupWizard({ onDone }: { status: GridStatus; onDone: () => void }) {
  const api = useApi();
  return (
    <button type="button" onClick={() => void api.completeSetup({}).then(onDone)}>
      Start with the built-in grid
    </button>
  );
}
