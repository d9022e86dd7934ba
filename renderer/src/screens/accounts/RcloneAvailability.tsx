/**
 * On the form of an account reached through rclone: when RAIC cannot find
 * rclone, the one sentence saying how to get it (or how to point RAIC at
 * it in Settings); nothing when rclone is there.
 */
import { useApi } from '../../app/ApiContext';
import { useResource } from '../../app/useResource';

export function RcloneAvailability() {
  const api = useApi();
  const settings = useResource(() => api.getRcloneSettings({}), [api]);
  if (settings.state !== 'ready' || !settings.value.problem) return null;
  return (
    <p className="account-problem" role="note" data-testid="rclone-missing">
      {settings.value.problem}
    </p>
  );
}
