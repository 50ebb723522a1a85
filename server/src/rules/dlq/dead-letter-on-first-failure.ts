/**
 * DLQ001 dead-letter-on-first-failure: a catch-all error handler sends the message to a
 * dead-letter topic the first time its processing fails, with no attempt bound, no backoff and no
 * split between transient and permanent errors; Spring's `DefaultErrorHandler` with a back-off
 * that allows no real retry; `@RetryableTopic(attempts = "1")`.
 */
import type { CallSite } from '../../code/codeModel';
import type { Rule } from '../../engine/types';
import { DEAD_LETTER } from '../shared/producers';
import type { CodeDocument } from '../../parsing/document';
import { deadLetterSends, errorHandlerOf, isBounded, workCalls } from './deadLetters';
import { retryFix } from './retryFix';
import { checkSpring } from './springRetry';

export const deadLetterOnFirstFailure: Rule<CodeDocument> = {
  code: 'DLQ001',
  name: 'dead-letter-on-first-failure',
  family: 'dlq',
  severity: 'warning',
  summary: 'A failed message goes to the dead-letter topic on its first failure, with no retry budget or backoff',
  explanation: {
    why:
      'Most processing failures are transient: a database failover, a timeout, a rate limit, a deploy of the service ' +
      'you call. Dead-lettering on the first exception turns each of those blips into a message that someone must find ' +
      'and replay by hand, hides the few truly broken messages in a crowd of healthy ones, and (replayed later, out of order) ' +
      'can apply an old update over a newer one. A 30-second outage of a dependency sends every message of those 30 ' +
      'seconds to the dead-letter topic.',
    fix:
      'Retries the processing call a bounded number of times with exponential backoff, but only for errors listed as ' +
      'transient; permanent errors and exhausted retries still go to the dead-letter topic, and the commit after stays ' +
      'where it is. For Spring it configures `ExponentialBackOffWithMaxRetries` and `addNotRetryableExceptions` (or raises ' +
      '`@RetryableTopic` attempts with a backoff). It changes behaviour by design, so it is offered, never applied silently.',
  },
  kinds: ['python', 'typescript', 'tsx', 'javascript', 'java', 'go'],
  fixAvailability: 'sometimes',
  fixSafety: 'unsafe',
  // a dead-letter send is recognised by its topic or its name; Spring by its error-handling classes
  trigger: new RegExp(`${DEAD_LETTER.source}|DefaultErrorHandler|RetryableTopic`, 'i'),
  check({ doc, report }) {
    checkSpring(doc, report);
    const seen = new Set<number>();
    for (const send of deadLetterSends(doc)) {
      const handler = errorHandlerOf(doc.code, send.node);
      if (!handler || !handler.catchAll || seen.has(handler.node.id)) continue;
      const work = outermost(workCalls(doc, handler).filter((c) => c.node.id !== send.node.id));
      if (work.length === 0) continue;
      if (isBounded(doc.code, handler, send)) continue;
      seen.add(handler.node.id);
      const fix = work.length === 1 ? retryFix(doc, handler, work[0]!) : undefined;
      report({
        start: send.node.startIndex,
        end: send.node.endIndex,
        message: `\`${send.callee}(...)\` dead-letters the message on the first failure of \`${work[0]!.callee}(...)\``,
        fixes: fix ? [fix] : [],
      });
    }
  },
};

function outermost(calls: CallSite[]): CallSite[] {
  return calls.filter((c) => !calls.some((o) => o !== c && o.node.startIndex <= c.node.startIndex && c.node.endIndex <= o.node.endIndex));
}
