/**
 * The rule registry: every rule, listed explicitly, sorted by code. Codes are never reused.
 */
import type { Rule } from '../engine/types';
import { commitBeforeSideEffect } from './consumer/commit-before-side-effect';
import { implicitCommitBeforeProcessing } from './consumer/implicit-commit-before-processing';
import { deadLetterOnFirstFailure } from './dlq/dead-letter-on-first-failure';

export const RULES: readonly Rule[] = ([commitBeforeSideEffect, implicitCommitBeforeProcessing, deadLetterOnFirstFailure] as Rule[]).sort((a, b) =>
  a.code.localeCompare(b.code),
);

export const RULE_CODES: ReadonlySet<string> = new Set(RULES.map((r) => r.code));

export function ruleByCode(code: string): Rule | undefined {
  return RULES.find((r) => r.code === code);
}
