/**
 * Section 2: the health monitor. How often accounts and files are checked,
 * how much is read back to catch silent corruption, and whether damage is
 * repaired by itself; plus the switch that pauses all background work.
 */
import { useState } from 'react';
import type { GridStatus } from '../../../../shared/api';
import { useApi } from '../../app/ApiContext';
import { DurationField } from './DurationField';
import { SaveOutcome, type Outcome } from './bits';
import { Field } from './Field';
import { monitorDraftOf, readMonitorDraft, type MonitorDraft, type MonitorErrors } from './monitorDraft';
import { PauseToggle } from './PauseToggle';

const INTERVALS = [
  {
    key: 'accountProbe',
    id: 'monitor-account-probe',
    label: 'Check that each account answers every',
    hint: 'A quick call to each account; it finds an account that went offline.',
  },
  {
    key: 'fileCheck',
    id: 'monitor-file-check',
    label: 'Check all files every',
    hint: 'Looks for every share of every file; the sooner damage is found, the sooner it is mended.',
  },
] as const;

export function MonitorSection({ status, onChanged }: { status: GridStatus; onChanged: () => void }) {
  const api = useApi();
  const [draft, setDraft] = useState<MonitorDraft>(() => monitorDraftOf(status.monitor));
  const [errors, setErrors] = useState<MonitorErrors>({});
  const [outcome, setOutcome] = useState<Outcome>();
  const [saving, setSaving] = useState(false);

  const edit = (change: Partial<MonitorDraft>) => {
    setDraft({ ...draft, ...change });
    setOutcome(undefined);
  };

  const save = async () => {
    const read = readMonitorDraft(draft);
    setErrors(read.errors);
    if (!read.settings) {
      setOutcome({ ok: false, message: 'Not saved: fix the fields marked above.' });
      return;
    }
    setSaving(true);
    try {
      const saved = await api.setMonitorSettings(read.settings);
      setDraft(monitorDraftOf(saved));
      setOutcome({ ok: true, message: 'Saved. The monitor uses the new settings from now on.' });
      onChanged();
    } catch (error) {
      setOutcome({ ok: false, message: `Not saved: ${(error as Error).message}` });
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="card settings-section" aria-labelledby="settings-monitor">
      <h3 id="settings-monitor">Health checks and repair</h3>
      <p className="settings-intro">RAIC checks in the background that your accounts answer and that every file still has its shares, and mends what it finds.</p>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <fieldset>
          <legend>How often to check</legend>
          <div className="settings-row">
            {INTERVALS.map((interval) => (
              <DurationField
                key={interval.key}
                id={interval.id}
                label={interval.label}
                value={draft[interval.key]}
                onChange={(value) => edit({ [interval.key]: value })}
                hint={interval.hint}
                error={errors[interval.key]}
              />
            ))}
            <Field
              id="monitor-verify"
              label="Read back and verify, per hour"
              type="number"
              min={0}
              step="any"
              value={draft.verifyGiB}
              onValue={(verifyGiB) => edit({ verifyGiB })}
              suffix={<span className="muted">GiB</span>}
              hint="Downloads shares to check their contents too. 0 only checks that shares exist; more finds silent damage sooner but uses your bandwidth."
              error={errors.verifyGiB}
            />
          </div>
        </fieldset>
        <fieldset>
          <legend>Repair</legend>
          <label className="settings-check">
            <input type="checkbox" checked={draft.autoRepair} onChange={(event) => edit({ autoRepair: event.target.checked })} />
            Repair damaged files by themselves
          </label>
          <div role="radiogroup" aria-label="When to repair" className="settings-radios">
            <label className="settings-check">
              <input type="radio" name="repair-when" disabled={!draft.autoRepair} checked={draft.repairWhen === 'degraded'} onChange={() => edit({ repairWhen: 'degraded' })} />
              As soon as a file misses a share (degraded) — safest
            </label>
            <label className="settings-check">
              <input type="radio" name="repair-when" disabled={!draft.autoRepair} checked={draft.repairWhen === 'at-risk'} onChange={() => edit({ repairWhen: 'at-risk' })} />
              Only when losing one more account could make a file unreadable (at risk) — less traffic
            </label>
          </div>
        </fieldset>
        <div className="settings-actions">
          <button type="submit" disabled={saving}>
            {saving ? 'Saving…' : 'Save health settings'}
          </button>
        </div>
        <SaveOutcome outcome={outcome} />
      </form>
      <h4>Background work</h4>
      <PauseToggle paused={status.paused} onChanged={onChanged} />
    </section>
  );
}
