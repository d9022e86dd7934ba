/**
 * Runs a health pass the user asked for, with its busy state and result.
 * A check or verify never repairs (repair: false), whatever the automatic
 * repair setting says: the person asked to *see* the state, and a check that
 * quietly fixed things would hide what went wrong. Repair is its own button.
 */
import { useCallback, useRef, useState } from 'react';
import type { OperationOutput } from '../../../../shared/api';
import { useApi } from '../../app/ApiContext';

export type PassReport = OperationOutput<'runHealthCheck'>;
export type CheckKind = 'check' | 'verify' | 'repair';

const OPTIONS: Record<CheckKind, { verify?: boolean; repair: boolean }> = {
  check: { repair: false },
  verify: { verify: true, repair: false },
  repair: { repair: true },
};

export type CheckOutcome = { kind: CheckKind; report: PassReport } | { kind: CheckKind; error: string };

export function useHealthCheck(onDone?: () => void) {
  const api = useApi();
  const [running, setRunning] = useState<CheckKind | null>(null);
  const [outcome, setOutcome] = useState<CheckOutcome | null>(null);
  const done = useRef(onDone);
  done.current = onDone;

  const run = useCallback(
    async (kind: CheckKind) => {
      setRunning(kind);
      setOutcome(null);
      try {
        setOutcome({ kind, report: await api.runHealthCheck(OPTIONS[kind]) });
      } catch (error) {
        setOutcome({ kind, error: (error as Error).message });
      } finally {
        setRunning(null);
        done.current?.();
      }
    },
    [api],
  );
  return { running, outcome, run };
}
