/**
 * Runs the cross-file rules on one file: its facts against the workspace index. Like `lint`, each
 * rule runs in isolation and suppression comments apply (read from the file's facts, so the file
 * need not be parsed again).
 */
import type { FileFacts } from '../workspace/facts';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { isSuppressed } from './suppressions';
import type { ActiveWorkspaceRule, Finding, WorkspaceReport, WorkspaceRule } from './types';

export type WorkspaceRuleErrorHandler = (rule: WorkspaceRule, error: unknown, path: string) => void;

export function lintWorkspace(
  facts: FileFacts | undefined,
  index: WorkspaceIndex,
  rules: readonly ActiveWorkspaceRule[],
  onRuleError?: WorkspaceRuleErrorHandler,
): Finding[] {
  if (!facts) return [];
  const findings: Finding[] = [];
  for (const { rule, severity, configured } of rules) {
    if (!rule.kinds.includes(facts.kind)) continue;
    const reports: WorkspaceReport[] = [];
    try {
      rule.check({ facts, index, report: (r) => reports.push(r) });
    } catch (error) {
      onRuleError?.(rule, error, facts.path);
      continue;
    }
    for (const r of reports) {
      if (isSuppressed(facts.suppressions, rule.code, r.at.range.start.line)) continue;
      findings.push({
        ruleId: rule.code,
        ruleName: rule.name,
        severity: configured ? severity : (r.severity ?? severity),
        message: r.message,
        start: r.at.start,
        end: r.at.end,
        fixes: [],
        related: r.related,
      });
    }
  }
  return findings.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId) || a.end - b.end);
}

/** Single-file and cross-file findings of one file, in document order. */
export function mergeFindings(a: readonly Finding[], b: readonly Finding[]): Finding[] {
  return [...a, ...b].sort((x, y) => x.start - y.start || x.ruleId.localeCompare(y.ruleId) || x.end - y.end);
}
