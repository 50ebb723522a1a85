/**
 * Hover over a finding: what is wrong, why it breaks in production, what the fix does, and a link
 * to the rule's page. Everything comes from the rule's own text; no configuration value is shown.
 */
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import type { Finding } from '../engine/types';
import { ruleInfo } from '../rules';
import { ruleDocsUrl } from '../rules/docs';
import type { DocumentStates } from './documentState';
import { lspRange } from './diagnostics';
import { safeMarkdown } from './markdown';
import { LEARN_SEAM_COMMAND } from './protocol';

export interface ExplainOptions {
  /** The client runs LEARN_SEAM_COMMAND: add a "Learn this seam" command link. */
  learnSeam?: boolean;
}

export function hover(params: HoverParams, states: DocumentStates, currentVersion: number | undefined, options: ExplainOptions = {}): Hover | null {
  const state = states.get(params.textDocument.uri);
  // Findings of an older version would point at the wrong text; the next lint brings fresh ones.
  if (!state || state.version !== currentVersion) return null;
  const offset = state.doc.lines.offsetAt(params.position);
  const here = state.findings.filter((f) => f.start <= offset && offset <= f.end);
  if (here.length === 0) return null;
  const start = Math.min(...here.map((f) => f.start));
  const end = Math.max(...here.map((f) => f.end));
  return {
    contents: { kind: MarkupKind.Markdown, value: here.map((f) => explain(f, options)).join('\n\n---\n\n') },
    range: lspRange(state.doc.lines, start, end),
  };
}

export function explain(finding: Finding, options: ExplainOptions = {}): string {
  const rule = ruleInfo(finding.ruleId);
  const parts = [`**${finding.ruleId} ${finding.ruleName}** (${finding.severity})`, safeMarkdown(finding.message)];
  if (rule) {
    parts.push(`**Why it breaks:** ${rule.explanation.why}`);
    parts.push(`**The fix:** ${rule.explanation.fix}`);
  }
  const fix = finding.fixes[0];
  if (fix) parts.push(`Quick fix: *${safeMarkdown(fix.title)}* (${fix.safety === 'safe' ? 'safe, applied by fix-all' : 'unsafe, review before applying'})`);
  const docs = `[Rule documentation](${ruleDocsUrl(finding.ruleId)})`;
  parts.push(options.learnSeam ? `${docs} · [Learn this seam](${learnSeamLink(finding.ruleId)})` : docs);
  return parts.join('\n\n');
}

/** A command link the client runs with the rule code as its argument (it trusts only this command). */
export function learnSeamLink(code: string): string {
  return `command:${LEARN_SEAM_COMMAND}?${encodeURIComponent(JSON.stringify([code]))}`;
}
