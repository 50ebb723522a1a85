/**
 * The rule registry: every rule, listed explicitly, sorted by code. Codes are never reused.
 */
import type { Rule } from '../engine/types';
import { commitBeforeSideEffect } from './consumer/commit-before-side-effect';
import { dedupKeyNotUnique } from './dedup/dedup-key-not-unique';
import { dualWrite } from './outbox/dual-write';
import { markBeforePublish } from './outbox/mark-before-publish';
import { splitOutboxTransaction } from './outbox/split-outbox-transaction';

export const RULES: readonly Rule[] = ([commitBeforeSideEffect, dedupKeyNotUnique, markBeforePublish, splitOutboxTransaction, dualWrite] as Rule[]).sort((a, b) =>
  a.code.localeCompare(b.code),
);

export const RULE_CODES: ReadonlySet<string> = new Set(RULES.map((r) => r.code));

export function ruleByCode(code: string): Rule | undefined {
  return RULES.find((r) => r.code === code);
}
