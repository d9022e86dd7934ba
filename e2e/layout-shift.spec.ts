/**
 * Screens do not jump while their parts load, on a real `raic serve` with the
 * built-in grid and a few files. The dashboard's two top cards and Settings'
 * suggestions arrive after the parts below them; before their placeholders
 * kept the room (renderer/src/app/useReservedSpace.ts) the dashboard's
 * layout shift was 0.29 to 0.58 (over 0.25 is "poor"), and Settings moved
 * its fields 390 px down about a second after it opened, and everything
 * below its encoding section when the comparison and the chart arrived: a
 * click there landed on whatever had moved under the pointer.
 *
 * Measured by the browser itself (the Layout Instability API): the sum of
 * every layout shift, those right after a click included, since a user who
 * clicks again soon after opening a screen meets those too.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { putThroughServer, startRaicServe, waitUntilLoaded, type RunningRaic } from './headless-server';

let raic: RunningRaic;
test.beforeAll(async () => {
  raic = await startRaicServe({ skipSetup: true });
  const file = path.join(raic.dataDir, 'notes.pdf');
  writeFileSync(file, randomBytes(300_000));
  await putThroughServer(raic, file);
});
test.afterAll(async () => {
  await raic?.stop();
});

/** "Good" is under 0.1 by the usual measure; a screen whose placeholders keep the room stays far below it. */
const MOST_SHIFT = 0.05;

/** Records every layout shift from the first paint on, with what moved, for the message if the test fails. */
async function recordShifts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const shifts: { value: number; moved: string[] }[] = [];
    (window as unknown as { layoutShifts: typeof shifts }).layoutShifts = shifts;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as { value: number; sources?: { node?: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[] }[]) {
        const moved = (entry.sources ?? []).map((source) => `${source.node?.textContent?.slice(0, 40) ?? '?'} (y ${Math.round(source.previousRect.y)} to ${Math.round(source.currentRect.y)})`);
        shifts.push({ value: entry.value, moved });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

async function shiftsSoFar(page: Page, forget = false): Promise<{ total: number; moved: string[] }> {
  return page.evaluate((clear) => {
    const shifts = (window as unknown as { layoutShifts: { value: number; moved: string[] }[] }).layoutShifts;
    const result = { total: shifts.reduce((sum, shift) => sum + shift.value, 0), moved: shifts.flatMap((shift) => shift.moved) };
    if (clear) shifts.length = 0;
    return result;
  }, forget);
}

for (const width of [1280, 1024, 800]) {
  test(`the dashboard and Settings keep still while their parts load (${width} px wide)`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 });
    await recordShifts(page);

    // The dashboard is the first screen: everything from the first paint counts.
    await page.goto(raic.url);
    await expect(page.getByTestId('robustness-card')).toBeVisible();
    await waitUntilLoaded(page);
    await page.waitForTimeout(1_000);
    const dashboard = await shiftsSoFar(page, true);
    expect(dashboard.total, `the dashboard moved: ${dashboard.moved.join('; ')}`).toBeLessThan(MOST_SHIFT);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings', exact: true }).click();
    await expect(page.getByRole('button', { name: /Survive any 1 failure/ })).toBeVisible();
    await waitUntilLoaded(page);
    await page.waitForTimeout(1_000);
    const settings = await shiftsSoFar(page);
    expect(settings.total, `Settings moved: ${settings.moved.join('; ')}`).toBeLessThan(MOST_SHIFT);
  });

  test(`Settings keeps still for a user who jumps to its last section before it has loaded (${width} px wide)`, async ({ page }) => {
    // Below the fields come the comparison and the chart, then six more sections: what loads late up there moved
    // everything under it (0.16 to 0.28 at 1024 px before their room was kept), the recovery key's button included.
    await page.setViewportSize({ width, height: 800 });
    await recordShifts(page);
    await page.goto(raic.url);
    await waitUntilLoaded(page);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings', exact: true }).click();
    await shiftsSoFar(page, true);
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('button', { name: 'Recovery key' }).click();
    await waitUntilLoaded(page);
    await page.waitForTimeout(1_500);
    const settings = await shiftsSoFar(page);
    expect(settings.total, `Settings moved: ${settings.moved.join('; ')}`).toBeLessThan(MOST_SHIFT);
  });
}
