/**
 * Section 1: how files are split. The user edits three numbers (or picks a
 * goal, or a square on the chart), sees what the change would mean before
 * saving, saves with Apply, and is then offered to re-encode older files.
 */
import { useEffect, useRef, useState } from 'react';
import type { GridStatus } from '../../../../shared/api';
import { ApiError } from '../../../../shared/api';
import { useApi } from '../../app/ApiContext';
import { EncodingChart } from './EncodingChart';
import { draftOf, FIELD_WORDS, happyFor, parseDraft, sameEncoding, validateDraft, type EncodingDraft, type EncodingField } from './encodingDraft';
import { EncodingFields } from './EncodingFields';
import { EncodingPresets } from './EncodingPresets';
import { ReencodeOffer, type SetEncodingResult } from './ReencodeOffer';
import { RobustnessComparison } from './RobustnessComparison';
import type { EncodingOption } from './types';
import { useRobustnessPreview, type PreviewState } from './useRobustnessPreview';

type Problem = { field?: EncodingField; message: string };

/** The currency of the grid's costs, kept while a new preview loads so the chart's legend does not flicker. */
function reportCurrency(preview: PreviewState): string {
  const shown = preview.state === 'ready' ? preview : preview.state === 'loading' ? preview.last : undefined;
  return shown?.current.currency ?? 'USD';
}

const isField = (name: string | undefined): name is EncodingField => name === 'needed' || name === 'happy' || name === 'total';

export function EncodingSection({ status, onChanged }: { status: GridStatus; onChanged: () => void }) {
  const api = useApi();
  const current = status.encoding;
  const enabledAccounts = status.accounts.filter((a) => a.status !== 'disabled').length;
  const [draft, setDraft] = useState<EncodingDraft>(() => draftOf(current));
  const [problem, setProblem] = useState<Problem>();
  const [applying, setApplying] = useState(false);
  const [applied, setApplied] = useState<SetEncodingResult>();

  const errors = validateDraft(draft);
  if (problem?.field) errors[problem.field] = problem.message;
  const encoding = parseDraft(draft);
  const unchanged = sameEncoding(encoding, current);
  const currentKey = `${current.needed}/${current.happy}/${current.total}/${enabledAccounts}`;
  const preview = useRobustnessPreview(encoding, currentKey);

  // A change saved elsewhere (the CLI, another window) replaces the fields only if the user had not started editing them.
  const shownCurrent = useRef(current);
  useEffect(() => {
    const before = shownCurrent.current;
    shownCurrent.current = current;
    setDraft((draftNow) => (sameEncoding(parseDraft(draftNow), before) ? draftOf(current) : draftNow));
  }, [currentKey]);

  const edit = (next: EncodingDraft) => {
    setDraft(next);
    setProblem(undefined);
  };
  const pick = (option: EncodingOption) =>
    edit(draftOf({ needed: option.needed, total: option.total, happy: happyFor(option, encoding?.happy ?? current.happy, enabledAccounts) }));

  const apply = async () => {
    if (!encoding) return;
    setApplying(true);
    setApplied(undefined);
    setProblem(undefined);
    try {
      const result = await api.setEncoding({ encoding });
      setApplied(result);
      onChanged();
    } catch (error) {
      const field = error instanceof ApiError && isField(error.field) ? error.field : undefined;
      setProblem({ field, message: (error as Error).message });
      if (field) document.getElementById(`encoding-${field}`)?.focus();
    } finally {
      setApplying(false);
    }
  };

  return (
    <section className="card settings-section" aria-labelledby="settings-encoding">
      <h3 id="settings-encoding">How files are split</h3>
      <p className="settings-intro">
        Each file is encrypted, then cut into <em>shares</em> spread over your accounts. Any few of them rebuild the file, so it survives losing some
        accounts. More spare shares make files safer and take more space.
      </p>
      <div className="settings-encoding-layout">
        <div className="settings-encoding-form">
          <EncodingPresets onPick={pick} reloadKey={currentKey} />
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void apply();
            }}
            noValidate
          >
            <EncodingFields draft={draft} errors={errors} enabledAccounts={enabledAccounts} onChange={(field, value) => edit({ ...draft, [field]: value })} />
            <div className="settings-actions">
              <button type="submit" disabled={!encoding || unchanged || applying}>
                {applying ? 'Applying…' : 'Apply'}
              </button>
              <button type="button" className="secondary" disabled={unchanged && !problem} onClick={() => edit(draftOf(current))}>
                Back to the current setting
              </button>
            </div>
            {problem && (
              <p className="form-error" role="alert" data-testid="encoding-problem">
                {problem.field ? `Not saved: see “${FIELD_WORDS[problem.field]}” above.` : `Not saved: ${problem.message}`}
              </p>
            )}
          </form>
          {applied && (
            <div>
              <p className="settings-ok" role="status">Saved. {applied.filesWithOtherEncoding === 0 ? applied.message : `New files are stored ${applied.encoding.needed}-of-${applied.encoding.total}.`}</p>
              {applied.filesWithOtherEncoding > 0 && (
                <ReencodeOffer result={applied} onReencode={() => {
                    const { needed, happy, total } = applied.encoding;
                    return api.setEncoding({ encoding: { needed, happy, total }, reencodeExisting: true });
                  }} />
              )}
            </div>
          )}
        </div>
        <RobustnessComparison preview={preview} unchanged={unchanged} />
      </div>
      <EncodingChart
        current={current}
        selected={encoding}
        accounts={enabledAccounts}
        currency={reportCurrency(preview)}
        onSelect={pick}
        reloadKey={currentKey}
      />
    </section>
  );
}
