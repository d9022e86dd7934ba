/**
 * Screens are addressed by the URL hash (#/files/Photos), which works the
 * same under Electron's app:// protocol and headless mode's static server,
 * and keeps back/forward and bookmarks meaningful.
 */
import { useEffect, useState } from 'react';

export type ScreenId = 'dashboard' | 'files' | 'trash' | 'accounts' | 'health' | 'settings' | 'setup';

export interface Route {
  screen: ScreenId;
  /** What follows the screen name, decoded (e.g. the folder for files). */
  rest: string;
}

const SCREENS: readonly ScreenId[] = ['dashboard', 'files', 'trash', 'accounts', 'health', 'settings', 'setup'];

export function parseRoute(hash: string): Route {
  const match = /^#\/([a-z]+)(\/.*)?$/.exec(hash);
  const screen = SCREENS.find((s) => s === match?.[1]) ?? 'dashboard';
  let rest = '';
  try {
    rest = decodeURIComponent(match?.[2] ?? '');
  } catch {
    rest = '';
  }
  return { screen, rest };
}

export function routeHref(screen: ScreenId, rest = ''): string {
  return `#/${screen}${rest ? rest.split('/').map(encodeURIComponent).join('/') : ''}`;
}

export function navigate(screen: ScreenId, rest = ''): void {
  window.location.hash = routeHref(screen, rest);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
