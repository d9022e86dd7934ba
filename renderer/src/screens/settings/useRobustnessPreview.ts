/**
 * The service's robustness figures for the encoding being typed: asked for
 * once the typing pauses (so each keystroke does not cost a request) and
 * only the answer to the latest question is kept.
 */
import { useEffect, useState } from 'react';
import type { GridRobustnessReport } from '../../../../shared/api';
import { useApi } from '../../app/ApiContext';
import type { EncodingShape } from './types';

export type PreviewState =
  | { state: 'idle' }
  | { state: 'loading'; last?: { current: GridRobustnessReport; preview: GridRobustnessReport } }
  | { state: 'ready'; current: GridRobustnessReport; preview: GridRobustnessReport }
  | { state: 'error'; message: string };

const DEBOUNCE_MS = 350;

export function useRobustnessPreview(encoding: EncodingShape | undefined, refreshKey: unknown): PreviewState {
  const api = useApi();
  const [result, setResult] = useState<PreviewState>({ state: 'idle' });
  const key = encoding ? `${encoding.needed}/${encoding.happy}/${encoding.total}` : '';
  useEffect(() => {
    if (!key) {
      setResult({ state: 'idle' });
      return;
    }
    const [needed, happy, total] = key.split('/').map(Number) as [number, number, number];
    let stale = false;
    setResult((before) => ({ state: 'loading', last: before.state === 'ready' ? before : before.state === 'loading' ? before.last : undefined }));
    const timer = setTimeout(() => {
      api.previewRobustness({ encoding: { needed, happy, total } }).then(
        (answer) => !stale && setResult({ state: 'ready', ...answer }),
        (error: unknown) => !stale && setResult({ state: 'error', message: (error as Error).message }),
      );
    }, DEBOUNCE_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [api, key, refreshKey]);
  return result;
}
