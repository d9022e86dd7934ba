/**
 * Account names in a sentence, as a reader would say them: "a", "a and b",
 * "a, b and c". Numbered names of one stem share it and runs of three or more
 * become ranges ("Local folders 1-5", "Local folders 1 and 3-5"), so a disk
 * holding five folders reads in one breath. One function for every screen and
 * the CLI, so the dashboard, the account list and `raic robustness` agree.
 */
const NUMBERED = /^(.*\S)\s+(\d+)$/;

export function nameList(names: readonly string[]): string {
  const sameStem = oneStemNumbers(names);
  if (sameStem) return `${pluralStem(sameStem.stem)} ${joinWords(numberRuns(sameStem.numbers))}`;
  const parts: string[] = [];
  let index = 0;
  while (index < names.length) {
    const run = numberedRunFrom(names, index);
    if (run.length >= 3) {
      parts.push(`${pluralStem(run.stem)} ${run.first}-${run.first + run.length - 1}`);
      index += run.length;
    } else {
      parts.push(names[index]);
      index += 1;
    }
  }
  return joinWords(parts);
}

/** Two or more names that are all "<stem> <number>" with one stem: the stem and the sorted, distinct numbers. */
function oneStemNumbers(names: readonly string[]): { stem: string; numbers: number[] } | undefined {
  if (names.length < 2) return undefined;
  const matches = names.map((name) => NUMBERED.exec(name));
  const stem = matches[0]?.[1];
  if (!stem || !matches.every((match) => match !== null && match[1] === stem)) return undefined;
  const numbers = [...new Set(matches.map((match) => Number(match![2])))].sort((a, b) => a - b);
  return { stem, numbers };
}

/** 1,2,3,4,6 -> ["1-4", "6"]: runs of three or more as ranges, shorter ones number by number. */
function numberRuns(numbers: readonly number[]): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < numbers.length; ) {
    let end = start;
    while (end + 1 < numbers.length && numbers[end + 1] === numbers[end] + 1) end++;
    if (end - start >= 2) pieces.push(`${numbers[start]}-${numbers[end]}`);
    else for (let at = start; at <= end; at++) pieces.push(String(numbers[at]));
    start = end + 1;
  }
  return pieces;
}

/** The consecutive run of numbered names of one stem starting at `index`, in the order given. */
function numberedRunFrom(names: readonly string[], index: number): { stem: string; first: number; length: number } {
  const match = NUMBERED.exec(names[index]);
  if (!match) return { stem: '', first: 0, length: 1 };
  const [, stem, firstText] = match;
  const first = Number(firstText);
  let length = 1;
  while (index + length < names.length) {
    const next = NUMBERED.exec(names[index + length]);
    if (!next || next[1] !== stem || Number(next[2]) !== first + length) break;
    length++;
  }
  return { stem, first, length };
}

function joinWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function pluralStem(stem: string): string {
  return /s$/i.test(stem) ? stem : `${stem}s`;
}
