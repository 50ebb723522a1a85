/**
 * COM001 commit-before-side-effect: the consumer commits (or stores) the offset before doing the
 * message's work. A crash between the two loses the work: Kafka resumes after the committed offset.
 */
import type { Node } from 'web-tree-sitter';
import type { CallSite, CodeModel, StatementRef } from '../../code/codeModel';
import { moveStatementAfter } from '../../code/moves';
import type { Fix, Rule } from '../../engine/types';
import type { CodeDocument } from '../../parsing/document';
import { CONSUMER_CLIENTS, type ConsumerClientTable } from './clients';
import { consumerVariables, isConsumerReceiver, isMessageSideEffect, messageNames } from './consumerContext';

export const commitBeforeSideEffect: Rule<CodeDocument> = {
  code: 'COM001',
  name: 'commit-before-side-effect',
  family: 'consumer',
  severity: 'error',
  summary: 'The offset is committed before the side effect of the same message runs',
  explanation: {
    why:
      'Kafka redelivers from the last committed offset. Committing first and then doing the work makes the consumer ' +
      'at-most-once: if the process dies (deploy, OOM kill, rebalance) after the commit and before the work finishes, ' +
      'the message is never seen again and the charge, email or write is silently lost.',
    fix:
      'Moves the commit statement, unchanged, to just after the last statement that does the work. The consumer becomes ' +
      'at-least-once: a crash now causes a redelivery instead of a loss, so keep the work idempotent (dedupe on the event id).',
  },
  kinds: ['python'],
  fixAvailability: 'sometimes',
  fixSafety: 'safe',
  check({ doc, report }) {
    const table = CONSUMER_CLIENTS[doc.kind];
    if (!table) return;
    const code = doc.code;
    const commits = code.callsNamed(table.commitMethods);
    if (commits.length === 0) return;
    const consumers = consumerVariables(code, table);
    for (const commit of commits) {
      if (!isConsumerReceiver(commit, table, consumers)) continue;
      const finding = analyse(doc, commit, table, consumers);
      if (!finding) continue;
      const effect = finding.firstEffect;
      report({
        start: commit.node.startIndex,
        end: commit.node.endIndex,
        message: `Offset committed before \`${effect.callee}(...)\` runs`,
        fixes: finding.fix ? [finding.fix] : [],
      });
    }
  },
};

interface Analysis {
  firstEffect: CallSite;
  fix: Fix | undefined;
}

function analyse(doc: CodeDocument, commit: CallSite, table: ConsumerClientTable, consumers: Set<string>): Analysis | undefined {
  const code = doc.code;
  const stmt = code.statementOf(commit.node);
  if (!stmt) return undefined;
  const seeds = messageNames(code, commit.node, table);
  if (seeds.size === 0) return undefined;
  const scope = code.enclosingFunction(commit.node) ?? code.root;
  const derived = code.derivedNames(scope, seeds);
  const context = { derived, seeds, table, consumers };
  const isEffect = (c: CallSite) => isMessageSideEffect(doc.kind, code, c, context);

  // Walk outwards: the statements after the commit in its list, then (through if/try/with blocks,
  // never out of a loop or function) the statements after the enclosing statement.
  let ref: StatementRef | undefined = stmt;
  let climbed = false;
  while (ref) {
    const later = code.following(ref);
    const effectful = later.filter((s) => code.callsIn(s, { skipNestedFunctions: true }).some(isEffect));
    if (effectful.length > 0) {
      const anchor = effectful[effectful.length - 1]!;
      const firstEffect = code.callsIn(effectful[0]!, { skipNestedFunctions: true }).find(isEffect)!;
      // the outermost effect of the last effectful statement names it best: `index(doc(m))` → `index`
      const lastEffect = code.callsIn(anchor, { skipNestedFunctions: true }).find(isEffect)!;
      const fix = climbed ? undefined : moveFix(doc, commit, stmt, later, anchor, lastEffect);
      return { firstEffect, fix };
    }
    const owner = ownerStatement(code, ref.list);
    if (!owner) return undefined;
    ref = owner;
    climbed = true;
  }
  return undefined;
}

/** The statement whose block `list` is, unless that means leaving a loop body or a function. */
function ownerStatement(code: CodeModel, list: Node): StatementRef | undefined {
  let current: Node | null = list.parent;
  while (current) {
    if (code.syntax.loop.has(current.type) || code.syntax.function.has(current.type)) return undefined;
    const ref = code.statementOf(current);
    if (ref && ref.node.id === current.id) return ref;
    current = current.parent;
  }
  return undefined;
}

function moveFix(
  doc: CodeDocument,
  commit: CallSite,
  stmt: StatementRef,
  later: Node[],
  anchor: Node,
  lastEffect: CallSite,
): Fix | undefined {
  const code = doc.code;
  const edits = moveStatementAfter(doc, stmt.node, anchor);
  if (!edits) return undefined;
  const between = later.slice(0, later.findIndex((s) => s.id === anchor.id) + 1);
  const usesResult = code.syntax.assignmentTypes.some((t) => stmt.node.descendantsOfType(t).length > 0);
  const argNames = new Set(commit.args.flatMap((a) => [...code.identifiers(a)]));
  const reassignsArgs = between.some((s) => code.assignmentsIn(s).some((a) => a.names.some((n) => argNames.has(n))));
  const jumps = between.some((s) => code.jumpsIn(s).length > 0);
  return {
    title: `Move the commit after \`${lastEffect.callee}(...)\``,
    safety: usesResult || reassignsArgs || jumps ? 'unsafe' : 'safe',
    edits,
  };
}
