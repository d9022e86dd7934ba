/**
 * How long deleted files and earlier versions are kept: days in the trash,
 * and versions kept per file (the newest N, and all younger than D days,
 * whichever keeps more). Their space is freed when they go.
 */
import { useState } from 'react';
import type { Retention } from '../../../../shared/api';
import { useApi } from '../../app/ApiContext';
import { useResource } from '../../app/useResource';
import { ResourceView } from '../../components/common';
import { SaveOutcome, type Outcome } from './bits';
import { Field } from './Field';
import { readRetentionDraft, retentionDraftOf, type RetentionDraft, type RetentionErrors } from './retentionDraft';

export function RetentionSection() {
  const api = useApi();
  const retention = useResource(() => api.getRetention({}), [api]);
  return (
    <section className="card settings-section" aria-labelledby="settings-retention">
      <h3 id="settings-retention">Trash and earlier versions</h3>
      <p className="settings-intro">
        Deleted files wait in the trash, and a file you upload again keeps its earlier content as a version. Both use space until RAIC lets go of them.
      </p>
      <ResourceView resource={retention} what="how long deleted files are kept">
        {(value) => <RetentionForm saved={value} onSaved={() => void retention.reload()} />}
      </ResourceView>
    </section>
  );
}

function RetentionForm({ saved, onSaved }: { saved: Retention; onSaved: () => void }) {
  const api = useApi();
  const [draft, setDraft] = useState<RetentionDraft>(() => retentionDraftOf(saved));
  const [errors, setErrors] = useState<RetentionErrors>({});
  const [outcome, setOutcome] = useState<Outcome>();
  const [saving, setSaving] = useState(false);

  const edit = (change: Partial<RetentionDraft>) => {
    setDraft({ ...draft, ...change });
    setOutcome(undefined);
  };

  const save = async () => {
    const read = readRetentionDraft(draft);
    setErrors(read.errors);
    if (!read.retention) {
      setOutcome({ ok: false, message: 'Not saved: fix the fields marked above.' });
      return;
    }
    setSaving(true);
    try {
      const result = await api.setRetention(read.retention);
      setDraft(retentionDraftOf(result));
      setOutcome({ ok: true, message: 'Saved. What is older than this is let go of now, and its space freed.' });
      onSaved();
    } catch (error) {
      setOutcome({ ok: false, message: `Not saved: ${(error as Error).message}` });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <div className="settings-row">
        <Field
          id="retention-trash-days"
          label="Keep deleted files in the trash for"
          type="number"
          min={1}
          max={3650}
          step={1}
          value={draft.trashDays}
          onValue={(trashDays) => edit({ trashDays })}
          suffix={<span className="muted">days</span>}
          hint="After that they are gone for good. Empty the trash to free the space sooner."
          error={errors.trashDays}
        />
        <Field
          id="retention-keep-versions"
          label="Earlier versions to keep of each file"
          type="number"
          min={0}
          max={1000}
          step={1}
          value={draft.keepVersions}
          onValue={(keepVersions) => edit({ keepVersions })}
          suffix={<span className="muted">newest</span>}
          hint="0 keeps only the ones younger than the days below."
          error={errors.keepVersions}
        />
        <Field
          id="retention-version-days"
          label="And every version younger than"
          type="number"
          min={0}
          max={3650}
          step={1}
          value={draft.versionDays}
          onValue={(versionDays) => edit({ versionDays })}
          suffix={<span className="muted">days</span>}
          hint="Whichever keeps more wins. 0 and 0 keeps no earlier versions."
          error={errors.versionDays}
        />
      </div>
      <div className="settings-actions">
        <button type="submit" disabled={saving}>
          {saving ? 'Saving…' : 'Save trash and versions'}
        </button>
      </div>
      <SaveOutcome outcome={outcome} />
    </form>
  );
}
