/** Calls `action` after pushed events of the given types, at most once every `throttleMs` (bursts become one call). */
import { useEffect, useRef } from 'react';
import type { UiEventType } from '../../../../shared/events';
import { useServiceEvents } from '../../app/ApiContext';

export function useThrottledEvents(types: readonly UiEventType[], action: () => void, throttleMs: number): void {
  const latest = useRef(action);
  latest.current = action;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useServiceEvents(types, () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      latest.current();
    }, throttleMs);
  });
  useEffect(() => () => clearTimeout(timer.current), []);
}
