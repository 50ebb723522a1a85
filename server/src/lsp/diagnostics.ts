/**
 * Findings → LSP diagnostics. Each diagnostic carries its rule code, a link to the rule's docs
 * page, and (in `data`) the fix edits already converted to LSP ranges for this document version.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Finding, Severity } from '../engine/types';
import type { LineIndex } from '../parsing/lineIndex';
import { ruleDocsUrl } from '../rules/docs';
import { SOURCE, type DiagnosticData, type LspRange } from './protocol';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function lspRange(lines: LineIndex, start: number, end: number): LspRange {
  return { start: lines.positionAt(start), end: lines.positionAt(end) };
}

export function toDiagnostic(finding: Finding, lines: LineIndex, version: number, uriOf: (path: string) => string): Diagnostic {
  const data: DiagnosticData = {
    ruleId: finding.ruleId,
    version,
    fixes: finding.fixes.map((fix) => ({
      title: fix.title,
      safety: fix.safety,
      edits: fix.edits.map((e) => ({ range: lspRange(lines, e.start, e.end), newText: e.newText })),
    })),
  };
  const diagnostic: Diagnostic = {
    range: lspRange(lines, finding.start, finding.end),
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: ruleDocsUrl(finding.ruleId) },
    source: SOURCE,
    message: finding.message,
    data,
  };
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map((r) => ({
      location: { uri: uriOf(r.path), range: r.range },
      message: r.message,
    }));
  }
  return diagnostic;
}

export function isOurDiagnostic(d: Diagnostic): d is Diagnostic & { data: DiagnosticData } {
  const data = d.data as Partial<DiagnosticData> | undefined;
  return d.source === SOURCE && !!data && typeof data.ruleId === 'string' && Array.isArray(data.fixes);
}
