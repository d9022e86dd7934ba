/**
 * OS notifications for a grid that turned at-risk or unreadable: once per
 * transition (HealthAlerts decides), and a click opens the Health screen.
 */
import { Notification } from 'electron';
import { HealthAlerts, healthNotice } from './grid-status';
import type { ObservedHealth } from './health-watch';

export function createHealthNotifier(openHealthScreen: () => void, log: (line: string) => void): (grid: ObservedHealth) => void {
  const alerts = new HealthAlerts();
  // Electron drops a notification's handlers when the object is garbage-collected: keep each until it is done.
  const shown = new Set<Notification>();
  return (grid) => {
    if (!alerts.observe(grid.status)) return;
    if (!Notification.isSupported()) {
      log(`raic: the grid is ${grid.status}; this desktop cannot show notifications`);
      return;
    }
    const notice = healthNotice(grid);
    const notification = new Notification({ title: notice.title, body: notice.body, urgency: 'critical' });
    shown.add(notification);
    notification.on('click', () => {
      shown.delete(notification);
      openHealthScreen();
    });
    notification.on('close', () => shown.delete(notification));
    notification.show();
  };
}
