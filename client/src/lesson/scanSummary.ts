/** The one-line report after a workspace scan. */
import type { ScanWorkspaceResult } from '../../../server/src/lsp/protocol';

export function scanSummary(r: ScanWorkspaceResult): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const found = r.findings === 0 ? 'no findings' : `${plural(r.findings, 'finding')} in ${plural(r.filesWithFindings, 'file')}`;
  const notes = [
    r.open > 0 ? `${plural(r.open, 'open file')} checked as you type` : '',
    r.skipped > 0 ? `${plural(r.skipped, 'file')} skipped as binary, too large or not UTF-8` : '',
    r.truncated ? 'stopped at the file limit' : '',
    r.cancelled ? 'cancelled' : '',
  ].filter(Boolean);
  return `Pipeline Seams: checked ${plural(r.files, 'file')}, ${found}${notes.length ? ` (${notes.join('; ')})` : ''}.`;
}
