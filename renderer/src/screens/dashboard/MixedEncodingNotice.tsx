/**
 * After a change of encoding, stored files keep their old one until they are
 * re-encoded, and each is judged by its own (issue 17). This says so on the
 * dashboard ("2 files still use 3-of-5; re-encode them to get 2-of-5 like new
 * files"); the re-encode notice at the top of the dashboard offers to start it.
 */
import type { GridRobustnessReport } from '../../../../shared/api';

/** The notice's sentence, or null when every stored file uses the grid's encoding. */
export function mixedEncodingWords(report: Pick<GridRobustnessReport, 'encoding' | 'fileEncodings'>): string | null {
  const { needed, total } = report.encoding;
  const older = report.fileEncodings.filter((e) => e.needed !== needed || e.total !== total);
  if (older.length === 0) return null;
  const parts = older.map((e) => `${e.files} file${e.files === 1 ? '' : 's'} still use${e.files === 1 ? 's' : ''} ${e.needed}-of-${e.total}`);
  const list = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  const count = older.reduce((sum, e) => sum + e.files, 0);
  return `${list}; re-encode ${count === 1 ? 'it' : 'them'} to get ${needed}-of-${total} like new files. Until then each file is judged by its own encoding.`;
}

/** The sentence beside the figures; the button that starts re-encoding is the persistent notice at the top (components/ReencodeNotice). */
export function MixedEncodingNotice({ report }: { report: GridRobustnessReport }) {
  const words = mixedEncodingWords(report);
  if (!words) return null;
  return (
    <div className="mixed-encoding" data-testid="mixed-encoding-notice">
      <p>{words}</p>
    </div>
  );
}
