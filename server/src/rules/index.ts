/**
 * The rule registry: every rule, listed explicitly, sorted by code. Codes are never reused.
 */
import type { Rule, RuleInfo, WorkspaceRule } from '../engine/types';
import { heartbeatDisabled } from './cdc/heartbeat-disabled';
import { outboxColumnsMissing } from './cdc/outbox-columns-missing';
import { slotShared } from './cdc/slot-shared';
import { conflictTargetNotUnique } from './dedup/conflict-target-not-unique';
import { slotWalUnbounded } from './cdc/slot-wal-unbounded';
import { commitBeforeSideEffect } from './consumer/commit-before-side-effect';
import { implicitCommitBeforeProcessing } from './consumer/implicit-commit-before-processing';
import { dedupKeyNotUnique } from './dedup/dedup-key-not-unique';
import { connectDlqWithoutRetry } from './dlq/connect-dlq-without-retry';
import { deadLetterOnFirstFailure } from './dlq/dead-letter-on-first-failure';
import { markBeforePublish } from './outbox/mark-before-publish';
import { splitOutboxTransaction } from './outbox/split-outbox-transaction';
import { dualWrite } from './outbox/dual-write';

export const RULES: readonly Rule[] = [
  heartbeatDisabled,
  slotWalUnbounded,
  commitBeforeSideEffect,
  implicitCommitBeforeProcessing,
  deadLetterOnFirstFailure,
  connectDlqWithoutRetry,
  dedupKeyNotUnique,
  markBeforePublish,
  splitOutboxTransaction,
  dualWrite,
] as Rule[];

/** Cross-file rules: they read the workspace index (facts of every file), sorted by code. */
export const WORKSPACE_RULES: readonly WorkspaceRule[] = [outboxColumnsMissing, slotShared, conflictTargetNotUnique];

/** Every rule, single-file and cross-file, sorted by code (docs, SARIF, `pipeline-seams rules`). */
export const ALL_RULES: readonly RuleInfo[] = [...RULES, ...WORKSPACE_RULES].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

export const RULE_CODES: ReadonlySet<string> = new Set(ALL_RULES.map((r) => r.code));

export function ruleByCode(code: string): Rule | undefined {
  return RULES.find((r) => r.code === code);
}

/** A rule of either kind, by code. */
export function ruleInfo(code: string): RuleInfo | undefined {
  return ALL_RULES.find((r) => r.code === code);
}
