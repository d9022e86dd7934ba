import { formatMoney } from '../../../../shared/money-words';
/**
 * The robustness report's numbers as people read them: "3 nines", "about 1
 * in 3,900 a year", "1.67 times", "free". Pure functions, so the card stays
 * about layout. What the figures mean is in docs/robustness.md.
 */
import { nameList } from '../../../../shared/name-list';
import type { GridRobustnessReport } from '../../../../shared/api';
import { durabilityPercent, formatNines, yearlyOddsWords } from '../../../../shared/nines';

/**
 * "1 nine (97%: about 1 in 33 a year)" split for a big figure with a small
 * caption: the headline "1 nine", the actual percentage "97%" and the odds
 * "about 1 in 33 a year".
 */
export function durabilityParts(lossProbability: number): { headline: string; percent: string; odds: string } {
  const text = formatNines(lossProbability);
  const open = text.indexOf(' (');
  const headline = open < 0 ? text : text.slice(0, open);
  if (!(lossProbability > 0) || lossProbability >= 1) return { headline, percent: '', odds: yearlyOddsWords(lossProbability) };
  return { headline, percent: durabilityPercent(lossProbability), odds: yearlyOddsWords(lossProbability) };
}

/** A yearly probability as odds: 0.00026 -> "about 1 in 3,900". */
export function oddsWords(probability: number): string {
  if (!(probability > 0)) return 'practically no chance';
  if (probability >= 0.5) return `about ${Math.round(probability * 100)}% chance`;
  const odds = 1 / probability;
  if (odds >= 1e12) return 'less than 1 in a trillion';
  return `about 1 in ${Number(odds.toPrecision(2)).toLocaleString('en')}`;
}

/** Availability as a percentage with as many nines as it has (0.99999 -> "99.999%"), never rounded up to 100%. */
export function availabilityPercent(availability: number): string {
  if (availability >= 1) return '100%';
  const digits = Math.min(6, Math.max(0, Math.floor(-Math.log10(1 - availability) + 1e-9) - 2));
  const scale = 10 ** digits;
  return `${(Math.floor(availability * 100 * scale) / scale).toFixed(digits)}%`;
}

/** The expected time a year when files cannot be read, e.g. "about 5 minutes a year". */
export function downtimeWords(availability: number): string {
  const minutes = (1 - availability) * 365 * 24 * 60;
  if (minutes < 1) return 'less than a minute a year';
  if (minutes < 90) return `about ${Math.round(minutes)} minute${Math.round(minutes) === 1 ? '' : 's'} a year`;
  const hours = minutes / 60;
  if (hours < 48) return `about ${Math.round(hours)} hours a year`;
  return `about ${Math.round(hours / 24)} days a year`;
}

export function overheadFigure(overhead: number): string {
  return `${Number(overhead.toFixed(2))}×`;
}

/** An amount in the one money format (shared/money-words.ts): "Free" only when it costs nothing. */
export function money(amount: number, currency: string): string {
  return formatMoney(amount, currency);
}

/** The default grid's plain warning, as the summary says it (engine/robustness/summary.ts). */
export const ONE_DISK_WORDS = 'All your accounts are folders on one disk: this protects your files against a damaged folder or a bad sector, not against losing the disk or the computer.';

/**
 * The report's summary, first sentence apart: it is the headline ("Your files
 * survive the loss of any 2 of your 5 accounts."), the rest is detail. Splits
 * only at ". " before a capital or a quote, so "1.67" or "99.9%" stay whole.
 */
export function splitSummary(summary: string): { headline: string; detail: string } {
  const match = /\.\s+(?=[A-Z"“])/.exec(summary);
  if (!match) return { headline: summary, detail: '' };
  return { headline: summary.slice(0, match.index + 1), detail: summary.slice(match.index + match[0].length) };
}

type DomainFacts = Pick<GridRobustnessReport, 'tolerance' | 'accountCount' | 'failureDomains' | 'weakestAccountNames' | 'weakestDomainNames'> & Partial<Pick<GridRobustnessReport, 'weakPointWords'>>;

/** True when some accounts share a disk or a login, so failures are counted over domains as well as accounts. */
export function hasSharedDomains(report: Pick<GridRobustnessReport, 'failureDomains'>): boolean {
  return (report.failureDomains ?? []).some((domain) => domain.accountIds.length > 1);
}

/** The tolerance figure: "2 of 5" accounts when they are independent; failures of whole disks or logins counted otherwise. */
export function toleranceFigure(report: DomainFacts): { term: string; value: string; caption: string } {
  if (report.tolerance < 0) return { term: 'Accounts you can lose', value: 'None', caption: 'some files are missing too many shares' };
  if (!hasSharedDomains(report)) return { term: 'Accounts you can lose', value: `${report.tolerance} of ${report.accountCount}`, caption: 'at the same time, without losing a file' };
  const domains = report.failureDomains.length;
  return {
    term: 'Failures you can survive',
    value: `${report.tolerance} of ${domains}`,
    caption: `at the same time, counting a whole disk or login as one failure: your ${report.accountCount} accounts are in ${domains} failure domain${domains === 1 ? '' : 's'}`,
  };
}

/** The weak point in words: the likeliest set of failures that loses files, naming the disk or login when a whole one failing does. */
export function weakPointWords(report: DomainFacts): string {
  if (report.weakPointWords) return report.weakPointWords;
  const domains = report.weakestDomainNames ?? [];
  if (domains.length > 0) {
    return `if ${nameList(domains)} fail${domains.length === 1 ? 's' : ''} (${nameList(report.weakestAccountNames)}), files are lost.`;
  }
  const names = report.weakestAccountNames;
  return names.length === 1 ? `losing ${names[0]} alone would lose files.` : `losing ${nameList(names)} together would lose files.`;
}
