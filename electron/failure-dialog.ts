/**
 * Where the "background service stopped" dialog appears. Attached to a window
 * hidden in the tray it would be invisible (on macOS a sheet on a hidden
 * window), and the user would only see a red tray icon. So a hidden or
 * minimised window is shown first (it is where every screen now says what
 * happened), and without a window the dialog has no parent. Pure, unit-tested;
 * main.ts carries it out.
 */
export interface WindowState {
  visible: boolean;
  minimized: boolean;
}

export type FailureDialogPlan =
  | { kind: 'attached'; showWindowFirst: boolean }
  /** No window to attach to: an app-modal dialog of its own. */
  | { kind: 'parentless' };

export function failureDialogPlan(window: WindowState | undefined): FailureDialogPlan {
  if (!window) return { kind: 'parentless' };
  return { kind: 'attached', showWindowFirst: !window.visible || window.minimized };
}
