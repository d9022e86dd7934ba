/**
 * Account names in a sentence: "a", "a and b", "a, b and c", with runs of
 * numbered names of one stem shortened ("Local folder 1" … "Local folder 5"
 * -> "Local folders 1-5"), so a disk holding five folders reads in one breath.
 */
export function nameList(names: readonly string[]): string {
  const parts: string[] = [];
  const numbered = /^(.*\S)\s+(\d+)$/;
  let index = 0;
  while (index < names.length) {
    const match = numbered.exec(names[index]);
    let end = index + 1;
    if (match) {
      const [, stem, first] = match;
      while (end < names.length) {
        const next = numbered.exec(names[end]);
        if (!next || next[1] !== stem || Number(next[2]) !== Number(first) + (end - index)) break;
        end++;
      }
      if (end - index >= 3) {
        parts.push(`${pluralStem(stem)} ${first}-${Number(first) + (end - index - 1)}`);
        index = end;
        continue;
      }
      end = index + 1;
    }
    parts.push(names[index]);
    index = end;
  }
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function pluralStem(stem: string): string {
  return /s$/i.test(stem) ? stem : `${stem}s`;
}
