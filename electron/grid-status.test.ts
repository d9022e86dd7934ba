import { describe, expect, it } from 'vitest';
import { HealthAlerts, SERVICE_STOPPED, gridHealthFromEvent, healthNotice, trayStatus } from './grid-status';
import { trayMenuTemplate, trayTooltip } from './tray-menu';

describe('grid status for the tray', () => {
  it('maps each health state to an icon level and a sentence', () => {
    expect(trayStatus('healthy').level).toBe('healthy');
    expect(trayStatus('degraded').level).toBe('warning');
    expect(trayStatus('at-risk').level).toBe('danger');
    expect(trayStatus('unreadable').level).toBe('danger');
    expect(trayStatus('unknown').level).toBe('unknown');
    expect(trayTooltip(trayStatus('at-risk'))).toBe('RAIC — At risk: losing one more account could lose files');
    expect(SERVICE_STOPPED.level).toBe('danger');
  });

  it("reads the grid from 'grid-health' events only", () => {
    expect(gridHealthFromEvent({ type: 'grid-health', grid: { status: 'degraded' } })).toEqual({ status: 'degraded' });
    expect(gridHealthFromEvent({ type: 'grid-health', grid: { status: 'on fire' } })).toBeUndefined();
    expect(gridHealthFromEvent({ type: 'grid-health' })).toBeUndefined();
    expect(gridHealthFromEvent({ type: 'job', grid: { status: 'healthy' } })).toBeUndefined();
  });

  it('notifies once per transition into at-risk or unreadable', () => {
    const alerts = new HealthAlerts();
    const seen = (['healthy', 'at-risk', 'at-risk', 'unknown', 'at-risk', 'unreadable', 'unreadable', 'degraded', 'at-risk'] as const).map((s) => alerts.observe(s));
    expect(seen).toEqual([false, true, false, false, false, true, false, false, true]);
  });

  it('notifies when RAIC starts on a grid already at risk', () => {
    expect(new HealthAlerts().observe('at-risk')).toBe(true);
  });

  it('says what is wrong in the notification', () => {
    const notice = healthNotice({
      status: 'at-risk',
      counts: { 'at-risk': 3, healthy: 10 },
      accounts: [
        { id: 'a', name: 'A', online: false, latencyMs: null, lastError: 'timeout', lastProbeAt: null, since: null },
        { id: 'b', name: 'B', online: true, latencyMs: 4, lastError: null, lastProbeAt: 1, since: 1 },
      ],
    });
    expect(notice.title).toBe('RAIC: your files are at risk');
    expect(notice.body).toBe('Your files are at risk: 3 files are one account away from loss; 1 account is offline. Click to see what to do.');
    expect(healthNotice({ status: 'unreadable', counts: { unreadable: 1 } }).body).toContain('1 file cannot be read now');
    expect(healthNotice({ status: 'at-risk' }).body).toBe('Your files are at risk: some accounts are missing copies. Click to see what to do.');
  });
});

describe('tray menu', () => {
  const actions = { openWindow: () => opened.push('open'), setPaused: (paused: boolean) => opened.push(`paused=${paused}`), setKeepRunningInTray: (keep: boolean) => opened.push(`keep=${keep}`), quit: () => opened.push('quit') };
  let opened: string[] = [];

  it('shows the status first, then Open, Pause/Resume, the tray setting and Quit', () => {
    opened = [];
    const items = trayMenuTemplate(trayStatus('degraded'), true, actions);
    expect(items.filter((i) => i.type !== 'separator').map((i) => i.label)).toEqual([
      'Degraded: files are readable, some copies need repair',
      'Open RAIC',
      'Pause background work',
      'Keep running when the window is closed',
      'Quit RAIC',
    ]);
    expect(items[0]!.enabled).toBe(false);
    expect(trayMenuTemplate(trayStatus('degraded'), true, actions, true).some((i) => i.label === 'Resume background work')).toBe(true);
    const keep = items.find((i) => i.type === 'checkbox')!;
    expect(keep.checked).toBe(true);
    const click = (label: string, checked?: boolean) =>
      (items.find((i) => i.label === label)!.click as (item: { checked?: boolean }) => void)({ checked });
    click('Open RAIC');
    click('Pause background work');
    click('Keep running when the window is closed', false);
    click('Quit RAIC');
    expect(opened).toEqual(['open', 'paused=true', 'keep=false', 'quit']);
  });
});
