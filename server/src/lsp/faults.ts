/**
 * Fault injection for the isolation tests of the real server. With
 * `PIPELINE_SEAMS_FAULTS=rule:COM001,parse:explode` rule COM001 throws on every document and
 * parsing throws for documents whose path contains "explode". Unset in normal use: then this
 * module changes nothing.
 */
import type { ActiveRule } from '../engine/types';

export interface Faults {
  rules: ReadonlySet<string>;
  parsePatterns: readonly string[];
}

export function readFaults(env: NodeJS.ProcessEnv = process.env): Faults | undefined {
  const spec = env.PIPELINE_SEAMS_FAULTS;
  if (!spec) return undefined;
  const items = spec.split(',').map((s) => s.trim());
  return {
    rules: new Set(items.filter((i) => i.startsWith('rule:')).map((i) => i.slice(5))),
    parsePatterns: items.filter((i) => i.startsWith('parse:')).map((i) => i.slice(6)),
  };
}

export function withFaultyRules(rules: ActiveRule[], faults: Faults | undefined): ActiveRule[] {
  if (!faults || faults.rules.size === 0) return rules;
  return rules.map((active) =>
    faults.rules.has(active.rule.code)
      ? {
          ...active,
          rule: {
            ...active.rule,
            check: () => {
              throw new Error(`injected fault in ${active.rule.code}`);
            },
          },
        }
      : active,
  );
}

export function parseFault(faults: Faults | undefined, path: string): void {
  if (faults?.parsePatterns.some((p) => path.includes(p))) throw new Error(`injected parse fault for ${path}`);
}
