/**
 * The grid's health at a glance: as bad as its worst file, since a person
 * needs to act if any one file is at risk.
 */
import { HEALTH_BY_SEVERITY, severityOf, type FileHealth } from './classify';
import type { GridHealth } from './monitor-types';

/** How many unhealthy files the overview names; the rest are counted. */
export const WORST_FILES_SHOWN = 10;

export interface CheckedFileStatus {
  path: string;
  health: FileHealth;
  summary: string;
}

/**
 * checked: the last result of each file still in the catalog.
 * fileCount: files in the catalog, checked or not.
 * Before any pass the status is 'unknown', except that a grid without files is
 * healthy: there is nothing to lose.
 */
export function summarizeGrid(checked: readonly CheckedFileStatus[], fileCount: number, lastPassAt: number | null): GridHealth {
  const counts: Record<string, number> = Object.fromEntries([...HEALTH_BY_SEVERITY, 'unknown'].map((h) => [h, 0]));
  for (const file of checked) counts[file.health]++;
  counts.unknown = Math.max(0, fileCount - checked.length);

  const worstFirst = [...checked].sort((a, b) => severityOf(a.health) - severityOf(b.health) || a.path.localeCompare(b.path));
  const status = fileCount === 0 ? 'healthy' : lastPassAt === null || worstFirst.length === 0 ? 'unknown' : worstFirst[0].health;
  return {
    status,
    counts,
    worstFiles: worstFirst
      .filter((f) => f.health !== 'healthy')
      .slice(0, WORST_FILES_SHOWN)
      .map((f) => ({ path: f.path, health: f.health, summary: f.summary })),
    lastPassAt,
  };
}
