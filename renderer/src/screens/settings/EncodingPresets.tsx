/**
 * Three goals a person can name without knowing what k and n are; each fills
 * the fields with the leanest encoding the service found for it, or says why
 * none exists with these accounts.
 */
import { useState } from 'react';
import { useApi } from '../../app/ApiContext';
import { useReservedSpace } from '../../app/useReservedSpace';
import { useResource } from '../../app/useResource';
import { ResourceView } from '../../components/common';
import type { EncodingOption, RobustnessTarget } from './types';
import { encodingName, spaceWords } from './words';

const GOALS: { label: string; target: RobustnessTarget }[] = [
  { label: 'Survive any 1 failure (an account, or a whole disk or login)', target: { kind: 'survive-accounts', accounts: 1 } },
  { label: 'Survive any 2 failures (an account, or a whole disk or login)', target: { kind: 'survive-accounts', accounts: 2 } },
  { label: '11 nines: lose a file less than once in 100 billion years', target: { kind: 'nines', nines: 11 } },
];

export function EncodingPresets({ onPick, reloadKey }: { onPick: (option: EncodingOption) => void; reloadKey: unknown }) {
  const api = useApi();
  const answers = useResource(() => Promise.all(GOALS.map((goal) => api.recommendEncodings({ target: goal.target }))), [api, reloadKey], ['accounts-changed']);
  const [picked, setPicked] = useState<string>();
  // Above the fields: while the suggestions load, their room is kept, so the fields do not drop away under the pointer.
  // Measured on the built-in grid: 640 px at 1280 px wide (the fields beside the comparison), 430 at 1024, 520 at 800.
  const space = useReservedSpace('settings-presets', (width) => (width > 1180 ? 640 : width > 900 ? 430 : 520));
  return (
    <fieldset className="settings-presets">
      <legend>Start from a goal</legend>
      <ResourceView resource={answers} what="suggestions" reserve={space.reserve}>
        {(recommendations) => (
          <div ref={space.measure}>
            <div className="settings-preset-list">
              {GOALS.map((goal, i) => {
                const best = recommendations[i]?.options[0];
                return (
                  <button
                    key={goal.label}
                    type="button"
                    className="secondary settings-preset"
                    disabled={!best}
                    aria-describedby={!best ? `preset-why-${i}` : undefined}
                    onClick={() => {
                      if (!best) return;
                      setPicked(recommendations[i]?.explanation);
                      onPick(best);
                    }}
                  >
                    <strong>{goal.label}</strong>
                    <span>{best ? `${encodingName(best)}: ${spaceWords(best.overhead)}` : 'Not possible with your accounts'}</span>
                  </button>
                );
              })}
            </div>
            {GOALS.map((goal, i) =>
              recommendations[i]?.options[0] ? null : (
                <p key={goal.label} id={`preset-why-${i}`} className="settings-hint">
                  {goal.label}: {recommendations[i]?.explanation} {recommendations[i]?.addAccountHelps.explanation}
                </p>
              ),
            )}
            {picked && (
              <p className="settings-hint" role="status">
                {picked}
              </p>
            )}
          </div>
        )}
      </ResourceView>
    </fieldset>
  );
}
