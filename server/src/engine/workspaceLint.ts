/**
 * Runs the cross-file rules on one file: its facts against the workspace index. Like `lint`, each
 * rule runs in isolation and suppression comments apply (read from the file's facts, so the file
 * need not be parsed again).
 */
import { redactSecrets } from './secrets';
import type { FactLocation, FileFacts } from '../workspace/facts';
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
  return workspaceFindings(facts, index, rules, onRuleError).map((f) => f.finding);
}

/** Like `lintWorkspace`, with each finding's line/character range (the file need not be open). */
export function workspaceFindings(
  facts: FileFacts | undefined,
  index: WorkspaceIndex,
  rules: readonly ActiveWorkspaceRule[],
  onRuleError?: WorkspaceRuleErrorHandler,
): { finding: Finding; range: FactLocation['range'] }[] {
  if (!facts) return [];
  const findings: { finding: Finding; range: FactLocation['range'] }[] = [];
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
        finding: {
          ruleId: rule.code,
          ruleName: rule.name,
          severity: configured ? severity : (r.severity ?? severity),
          message: redactSecrets(r.message),
          start: r.at.start,
          end: r.at.end,
          fixes: [],
          related: r.related?.map((x) => ({ ...x, message: redactSecrets(x.message) })),
        },
        range: r.at.range,
      });
    }
  }
  return findings.sort((x, y) => x.finding.start - y.finding.start || x.finding.ruleId.localeCompare(y.finding.ruleId) || x.finding.end - y.finding.end);
}

/** Single-file and cross-file findings of one file, in document order. */
export function mergeFindings(a: readonly Finding[], b: readonly Finding[]): Finding[] {
  return [...a, ...b].sort((x, y) => x.start - y.start || x.ruleId.localeCompare(y.ruleId) || x.end - y.end);
}
