/**
 * The room a part of a screen took when it was last drawn, so that its
 * loading placeholder takes the same room. A part that loads above others
 * would otherwise push them down when it arrives, under the user's pointer:
 * a click aimed at a button lands on whatever moved there. The dashboard's
 * top cards are 700 px or more, and arrived after the account cards below
 * them. Remembered while the page is open; `initial` (sized for the part's
 * usual content, measured on the built-in grid) until it has been drawn once.
 */
import { useCallback, useState } from 'react';

const lastHeights = new Map<string, number>();

export interface ReservedSpace {
  /** Height in px for the placeholder while the part loads. */
  reserve: number;
  /** Ref for the drawn part: follows its height as it changes. */
  measure: (element: HTMLElement | null) => (() => void) | undefined;
}

/** `initial`: px, or px worked out from the window's width where the layout changes with it. */
export function useReservedSpace(key: string, initial: number | ((windowWidth: number) => number)): ReservedSpace {
  // Read once per mount: the placeholder is shown before the part is drawn, never after.
  const [reserve] = useState(() => lastHeights.get(key) ?? (typeof initial === 'number' ? initial : initial(window.innerWidth)));
  const measure = useCallback(
    (element: HTMLElement | null) => {
      if (!element) return undefined;
      const observer = new ResizeObserver(() => {
        const height = Math.round(element.getBoundingClientRect().height);
        if (height > 0) lastHeights.set(key, height);
      });
      observer.observe(element);
      return () => observer.disconnect();
    },
    [key],
  );
  return { reserve, measure };
}
