/**
 * Parse-only and full-lint times of one file, sampled in alternation so a change in the machine's
 * load lands on both. Shared by the benchmark (section 1) and the quick probe (`ratio.ts`).
 */
import { lint } from '../server/src/engine/lint';
import type { ActiveRule } from '../server/src/engine/types';
import { parseDocument, type SourceFile } from '../server/src/parsing/document';
import { clearSqlStatementCache } from '../server/src/parsing/sql';

export interface Sampling {
  /** Runs discarded first, so the JIT has compiled the parser and the rules. */
  warmupMs: number;
  /** Samples are taken until this much time has passed... */
  sampleMs: number;
  /** ...and at least this many are in, */
  minRuns: number;
  /** but never more than this many. */
  maxRuns: number;
}

/**
 * Small files parse in a millisecond or two: a fixed count of runs would end before the rules are
 * compiled and would sample a few moments of the machine's load, so runs are counted in time.
 */
export function sampleLintVersusParse(file: SourceFile, rules: readonly ActiveRule[], sampling: Sampling): { parse: number[]; lint: number[]; findings: number } {
  const parse: number[] = [];
  const full: number[] = [];
  let findings = 0;
  const began = performance.now();
  let sampleStart: number | undefined;
  for (let run = 0; ; run++) {
    const now = performance.now();
    if (sampleStart === undefined && run >= 2 && now - began >= sampling.warmupMs) sampleStart = now;
    if (sampleStart !== undefined && parse.length >= sampling.minRuns && (now - sampleStart >= sampling.sampleMs || parse.length >= sampling.maxRuns)) break;
    // SQL statements are cached by text (an edit re-parses one): measure real parses here
    clearSqlStatementCache();
    let t = performance.now();
    const parsedOnly = parseDocument(file);
    const p = performance.now() - t;
    parsedOnly.dispose();
    clearSqlStatementCache();
    t = performance.now();
    const doc = parseDocument(file);
    findings = lint(doc, rules).length;
    const l = performance.now() - t;
    doc.dispose();
    if (sampleStart !== undefined) {
      parse.push(p);
      full.push(l);
    }
  }
  return { parse, lint: full, findings };
}
