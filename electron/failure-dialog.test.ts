import { describe, expect, it } from 'vitest';
import { failureDialogPlan } from './failure-dialog';

describe('the "service stopped" dialog (issue 14, defect 8)', () => {
  it('shows a window hidden in the tray (or minimised) before attaching the dialog to it', () => {
    expect(failureDialogPlan({ visible: false, minimized: false })).toEqual({ kind: 'attached', showWindowFirst: true });
    expect(failureDialogPlan({ visible: true, minimized: true })).toEqual({ kind: 'attached', showWindowFirst: true });
  });

  it('attaches to a window on screen as it is', () => {
    expect(failureDialogPlan({ visible: true, minimized: false })).toEqual({ kind: 'attached', showWindowFirst: false });
  });

  it('has no parent when there is no window', () => {
    expect(failureDialogPlan(undefined)).toEqual({ kind: 'parentless' });
  });
});
