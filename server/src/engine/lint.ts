/**
 * lint(document, rules) → findings. Each rule runs in isolation: one that throws is reported
 * through `onRuleError` and the others still report. Suppression comments are applied here, so
 * rules never think about them.
 */
import { parseDocument, prepareParser, type ParsedDocument, type SourceFile } from '../parsing/document';
import type { FileKind } from '../parsing/fileKinds';
import { redactSecrets } from './secrets';
import { findSuppressions, isSuppressed } from './suppressions';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import type { ActiveRule, Finding, Report, Rule } from './types';

export type RuleErrorHandler = (rule: Rule, error: unknown, doc: ParsedDocument) => void;

let lastAsked: { kind: FileKind; text: string; rules: readonly ActiveRule[]; applicable: ActiveRule[] } | undefined;

/**
 * The rules of `rules` that read `kind` and whose trigger the text matches. The last answer is
 * kept: the server asks before parsing and `lint` asks again for the same text (each ask runs every
 * rule's trigger over the whole text).
 */
export function applicableRules(kind: FileKind, text: string, rules: readonly ActiveRule[]): ActiveRule[] {
  if (lastAsked && lastAsked.kind === kind && lastAsked.rules === rules && lastAsked.text === text) return lastAsked.applicable;
  const applicable = rules.filter(({ rule }) => rule.kinds.includes(kind) && (!rule.trigger || rule.trigger.test(text)));
  lastAsked = { kind, text, rules, applicable };
  return applicable;
}

export function lint(doc: ParsedDocument, rules: readonly ActiveRule[], onRuleError?: RuleErrorHandler, workspace?: WorkspaceIndex): Finding[] {
  const findings: Finding[] = [];
  const applicable = applicableRules(doc.kind, doc.text, rules);
  if (applicable.length === 0) return findings;
  for (const { rule, severity, configured } of applicable) {
    const reports: Report[] = [];
    try {
      rule.check({ doc, report: (r) => reports.push(r), ...(workspace ? { workspace } : {}) });
    } catch (error) {
      onRuleError?.(rule, error, doc);
      continue;
    }
    for (const r of reports) {
      findings.push({
        ruleId: rule.code,
        ruleName: rule.name,
        severity: configured ? severity : (r.severity ?? severity),
        // a message quotes source text (a call with its arguments): credentials in it are masked
        message: redactSecrets(r.message),
        start: r.start,
        end: r.end,
        fixes: (r.fixes ?? []).filter((f) => f.edits.length > 0).map((f) => ({ ...f, title: redactSecrets(f.title) })),
        ...(r.related ? { related: r.related.map((x) => ({ ...x, message: redactSecrets(x.message) })) } : {}),
      });
    }
  }
  const suppressions = findSuppressions(doc);
  const kept =
    suppressions.length === 0
      ? findings
      : findings.filter((f) => !isSuppressed(suppressions, f.ruleId, doc.lines.positionAt(f.start).line));
  return kept.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId) || a.end - b.end);
}

/** Loads every parser that linting a `kind` document with `rules` needs. */
export async function prepareFor(kind: FileKind, rules: readonly ActiveRule[]): Promise<void> {
  const kinds = new Set<FileKind>([kind]);
  for (const { rule } of rules) {
    if (rule.kinds.includes(kind)) rule.requires?.forEach((k) => kinds.add(k));
  }
  await Promise.all([...kinds].map((k) => prepareParser(k)));
}

/** Parses, lints and releases a file in one go (CLI, tests, the workspace scan). */
export async function lintFile(
  file: SourceFile,
  rules: readonly ActiveRule[],
  onRuleError?: RuleErrorHandler,
  workspace?: WorkspaceIndex,
): Promise<Finding[]> {
  if (applicableRules(file.kind, file.text, rules).length === 0) return [];
  await prepareFor(file.kind, rules);
  const doc = parseDocument(file);
  try {
    return lint(doc, rules, onRuleError, workspace);
  } finally {
    doc.dispose();
  }
}
