/**
 * Which rclone RAIC runs for accounts reached through rclone (Google Drive,
 * OneDrive, any "Other rclone remote"): the program found and its version,
 * or one sentence on how to get it; and a field to choose the program
 * yourself, left empty to let RAIC find it (the copy packaged with the app,
 * else the first on the PATH).
 */
import { useEffect, useState } from 'react';
import type { RcloneSettings } from '../../../../shared/api';
import { useApi } from '../../app/ApiContext';
import { useResource } from '../../app/useResource';
import { ResourceView } from '../../components/common';
import { SaveOutcome, type Outcome } from './bits';
import { Field } from './Field';

const SOURCE_WORDS: Record<NonNullable<RcloneSettings['source']>, string> = {
  settings: 'the program chosen here',
  environment: 'the program named by RAIC_RCLONE',
  bundled: 'the copy that comes with RAIC',
  path: 'found on this computer',
};

export function RcloneSection() {
  const api = useApi();
  const settings = useResource(() => api.getRcloneSettings({}), [api]);
  return (
    <section className="card settings-section" aria-labelledby="settings-rclone">
      <h3 id="settings-rclone">rclone</h3>
      <p className="settings-intro">
        Accounts at Google Drive, OneDrive, Dropbox and other clouds are reached through rclone, a program RAIC runs for them.
      </p>
      <ResourceView resource={settings} what="the rclone settings">
        {(value) => <RcloneForm settings={value} onSaved={() => void settings.reload()} />}
      </ResourceView>
    </section>
  );
}

function RcloneForm({ settings, onSaved }: { settings: RcloneSettings; onSaved: () => void }) {
  const api = useApi();
  const [draft, setDraft] = useState(settings.configuredPath ?? '');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  useEffect(() => setDraft(settings.configuredPath ?? ''), [settings.configuredPath]);

  const save = async (path: string | null) => {
    setBusy(true);
    setOutcome(undefined);
    try {
      const answer = await api.setRclonePath({ path });
      setOutcome({ ok: true, message: answer.path ? `Saved. RAIC runs ${answer.path}.` : 'Saved.' });
      onSaved();
    } catch (error) {
      setOutcome({ ok: false, message: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="settings-rclone">
      <p role="status" data-testid="rclone-state">
        {settings.path && !settings.problem
          ? `RAIC uses ${settings.version ?? 'rclone'} at ${settings.path} (${settings.source ? SOURCE_WORDS[settings.source] : 'found'}).`
          : settings.problem}
      </p>
      <Field
        id="settings-rclone-path"
        label="Path to the rclone program"
        value={draft}
        placeholder="Empty: RAIC finds it"
        spellCheck={false}
        onValue={(value) => {
          setDraft(value);
          setOutcome(undefined);
        }}
        hint="Only needed when rclone is somewhere RAIC does not look, e.g. /opt/rclone/rclone."
      />
      <div className="settings-actions">
        <button type="button" disabled={busy || draft.trim() === (settings.configuredPath ?? '')} onClick={() => void save(draft.trim() === '' ? null : draft.trim())}>
          Save
        </button>
        {settings.configuredPath && (
          <button type="button" className="secondary" disabled={busy} onClick={() => void save(null)}>
            Let RAIC find it
          </button>
        )}
      </div>
      <SaveOutcome outcome={outcome} />
    </div>
  );
}
