/**
 * The rule registry: every rule, listed explicitly, sorted by code. Codes are never reused.
 */
import type { Rule } from '../engine/types';
import { heartbeatDisabled } from './cdc/heartbeat-disabled';
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

export const RULE_CODES: ReadonlySet<string> = new Set(RULES.map((r) => r.code));

export function ruleByCode(code: string): Rule | undefined {
  return RULES.find((r) => r.code === code);
}
