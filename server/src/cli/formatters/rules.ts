/** `pipeline-seams rules`: the registry as a table or as JSON. */
import type { RuleInfo } from '../../engine/types';
import { ruleDocsUrl } from '../../rules/docs';

export function formatRules(rules: readonly RuleInfo[], format: 'text' | 'json'): string {
  if (format === 'json') {
    return (
      JSON.stringify(
        rules.map((r) => ({
          code: r.code,
          name: r.name,
          family: r.family,
          severity: r.severity,
          summary: r.summary,
          kinds: r.kinds,
          fix: r.fixAvailability === 'none' ? 'none' : r.fixSafety,
          docs: ruleDocsUrl(r.code),
        })),
        null,
        2,
      ) + '\n'
    );
  }
  const rows = rules.map((r) => {
    const fix = r.fixAvailability === 'none' ? '' : r.fixSafety === 'safe' ? '[*]' : '[~]';
    return `${r.code}  ${r.name.padEnd(36)} ${fix.padEnd(4)}${r.summary}`;
  });
  return `${rows.join('\n')}\n\n[*] fix available (safe)   [~] fix available (unsafe)\n`;
}
