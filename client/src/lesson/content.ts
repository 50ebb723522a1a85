/**
 * The lesson, as data: one card per seam of an order pipeline. Each card names the file the
 * learner reads, the file that opens in an editor with the finding live, the rule that flags it,
 * a question with four answers (each with its own explanation) and a recap. The walkthrough
 * markdown, the quiz panel and the tests are all generated from or checked against this module,
 * so it imports nothing from VS Code and nothing from the server.
 */

export type CardId = 'outbox' | 'cdc' | 'consumer' | 'dlq' | 'dedup';

/** A file shipped under walkthroughs/snippets/, with the VS Code language it opens in. */
export interface LessonFile {
  /** Relative to the extension root. */
  path: string;
  /** VS Code language id; also the fence language in the walkthrough markdown. */
  language: string;
}

export interface Answer {
  text: string;
  correct: boolean;
  /** Why this answer is right, or what breaks in production if you believe it. */
  explanation: string;
}

export interface LessonCard {
  id: CardId;
  /** Short name of the seam: "The outbox write". */
  seam: string;
  /** Walkthrough step title. */
  title: string;
  /** One or two sentences that set the scene (walkthrough step description, quiz intro). */
  scene: string;
  /** What the learner reads and answers about. */
  snippet: LessonFile;
  /**
   * What opens in an editor, where `rule` is flagged and its quick fix applies. Usually the
   * snippet itself; the outbox card teaches with the (correct) write and opens the relay.
   */
  live: LessonFile;
  /** The rule `live` triggers: exactly this one, and its fix removes it. */
  rule: string;
  /** Rules that must stay silent on `snippet` when it differs from `live` (it shows correct code). */
  snippetStaysSilentFor: readonly string[];
  /** Every rule whose findings lead back to this card ("Learn this seam"). */
  rules: readonly string[];
  question: string;
  answers: readonly [Answer, Answer, Answer, Answer];
  /** One line to remember, shown once the card is answered correctly. */
  recap: string;
  /** Bonus cards are in the quiz but do not count toward the altitude. */
  bonus: boolean;
}

export const SNIPPETS_DIR = 'walkthroughs/snippets';

export const LESSON_TITLE = 'Read the seams like a senior';

export const LESSON_INTRO =
  'An order pipeline breaks where two parts meet: a transaction boundary, a connector setting, the order of a commit, ' +
  'the handling of a failure. For each snippet, ask what happens if the process dies between two lines, answer, ' +
  'then open it in an editor and watch Pipeline Seams flag it.';

export const CARDS: readonly LessonCard[] = [
  {
    id: 'outbox',
    seam: 'The outbox write',
    title: 'Seam 1: the outbox write',
    scene:
      'The order service stores the order and an `order.placed` event in the same transaction. A relay process later ' +
      'reads unsent outbox rows, publishes them to Kafka and flags them as sent.',
    snippet: { path: `${SNIPPETS_DIR}/outbox-write.sql`, language: 'sql' },
    live: { path: `${SNIPPETS_DIR}/outbox-relay.py`, language: 'python' },
    rule: 'OBX001',
    snippetStaysSilentFor: ['OBX002'],
    rules: ['OBX001', 'OBX002', 'OBX003'],
    question: 'What delivery guarantee does this design give, and what does it ask of the services that consume the events?',
    answers: [
      {
        text: 'Exactly-once: the order and its event commit together, so every event reaches Kafka exactly one time.',
        correct: false,
        explanation:
          'The transaction only makes the two inserts atomic. Publishing to Kafka and flagging the row happen later, in two ' +
          'different systems, and nothing makes them atomic. If the relay dies after Kafka took the event but before the flag ' +
          'is written, the next relay run publishes the same row again.',
      },
      {
        text: 'At-least-once: an event can be published more than once, so every consumer must deduplicate on the event id.',
        correct: true,
        explanation:
          'Right. Storing the event with the order means it can never be lost, and publishing before flagging means a crash ' +
          'in between repeats the publish instead of skipping it. Repeats are the price, so each consumer records the event ' +
          'ids it has handled (under a unique key) and skips the ones it has seen.',
      },
      {
        text: 'At-least-once, but repeats are so rare that consumers can treat every delivery as a new event.',
        correct: false,
        explanation:
          'A repeat happens every time the relay restarts between a publish and its flag: a deploy, an OOM kill, a lost ' +
          'database connection. Rare is not never, and for `order.placed` one repeat means a second shipment or a second ' +
          'charge. Consumers have to dedupe on the event id.',
      },
      {
        text: 'The relay should flag the row as sent before it publishes, so no event can ever go out twice.',
        correct: false,
        explanation:
          'That trades a duplicate for a loss. If the relay dies after the flag and before the publish, the row says sent ' +
          'but Kafka never saw it, and no retry will ever pick it up. Publish, wait for the broker to acknowledge, then flag: ' +
          'that is the order the relay file you can open here gets wrong.',
      },
    ],
    recap:
      'One transaction makes the order and its event atomic; the relay is still at-least-once, so it publishes before it ' +
      'flags and every consumer dedupes on the event id.',
    bonus: false,
  },
  {
    id: 'cdc',
    seam: 'The CDC connector',
    title: 'Seam 2: the CDC connector',
    scene:
      'Instead of a polling relay, a Debezium connector streams changes of the outbox table from a PostgreSQL replication slot and ' +
      'routes each event to a topic per aggregate type, keyed by the order id. The database sets no cap on the WAL a slot may ' +
      'keep. At night the outbox sees no writes, and one morning the connector stalls for an hour.',
    snippet: { path: `${SNIPPETS_DIR}/cdc-connector.json`, language: 'json' },
    live: { path: `${SNIPPETS_DIR}/cdc-connector.json`, language: 'json' },
    rule: 'CDC001',
    snippetStaysSilentFor: [],
    rules: ['CDC001', 'CDC002', 'CDC003', 'CDC004'],
    question: 'Which part of this setup puts production at risk?',
    answers: [
      {
        text: 'Keying the messages by the aggregate id.',
        correct: false,
        explanation:
          'That key is deliberate. Every event of one order lands on the same partition, so consumers see an order placed ' +
          'before it is paid and paid before it is shipped. Without it, per-order ordering is gone.',
      },
      {
        text: 'Capturing only the outbox table instead of the domain tables.',
        correct: false,
        explanation:
          'Capturing the outbox is the point of the pattern: the events are a contract you shape on purpose, and the order ' +
          'tables stay free to change without breaking every consumer. Streaming raw domain tables is an alternative with ' +
          'its own costs, not a fix.',
      },
      {
        text: 'Routing events with the outbox event router by aggregate type.',
        correct: false,
        explanation:
          'Routing outbox rows to topics by a column is exactly what the event router transformation is for, and ' +
          'routing by aggregate type is its default. Nothing here loses or reorders an event.',
      },
      {
        text: 'Heartbeats are off (`heartbeat.interval.ms` is 0) and nothing caps the WAL the replication slot may hold.',
        correct: true,
        explanation:
          'Right. While the outbox is quiet the connector has no change to confirm, so the slot keeps its old position and ' +
          'PostgreSQL keeps every WAL segment written since, including the WAL of every other busy table. Add a stalled ' +
          'connector and the disk fills until the primary stops. Turn on heartbeats with a heartbeat query that writes to a ' +
          'table in the publication, and size `max_slot_wal_keep_size` with monitoring on the slot.',
      },
    ],
    recap:
      'Keying by aggregate id keeps each order in order; heartbeats off plus an uncapped slot turn a quiet table and a ' +
      'stalled connector into a full disk.',
    bonus: false,
  },
  {
    id: 'consumer',
    seam: 'The consumer commit order',
    title: 'Seam 3: the consumer commit order',
    scene:
      'The payment service consumes `order.placed` and charges the customer. It commits the Kafka offset first and charges ' +
      'second.',
    snippet: { path: `${SNIPPETS_DIR}/consumer-commit-order.py`, language: 'python' },
    live: { path: `${SNIPPETS_DIR}/consumer-commit-order.py`, language: 'python' },
    rule: 'COM001',
    snippetStaysSilentFor: [],
    rules: ['COM001', 'COM002'],
    question: 'The pod is killed between the commit and the charge. What happens, and what is the right order?',
    answers: [
      {
        text: 'The charge is lost for good. Charge first, commit after, and make the charge idempotent.',
        correct: true,
        explanation:
          'Right. Committing first makes the consumer at-most-once: a crash in between drops the work silently. Committing ' +
          'after the charge makes it at-least-once: a crash in between charges again on redelivery, which an idempotency key ' +
          'on the charge (or a dedup table) turns into a no-op.',
      },
      {
        text: 'Nothing is lost: Kafka notices the charge never finished and delivers the message again.',
        correct: false,
        explanation:
          'Kafka knows nothing about the charge. After a restart the group resumes from the last committed offset, and that ' +
          'offset already points past this message. It is never delivered again.',
      },
      {
        text: 'This order is the safe one for payments, because committing first prevents double charges.',
        correct: false,
        explanation:
          'It trades a duplicate for a lost message: no charge is ever repeated because some are never made. An unpaid order is found weeks later in reconciliation, a double ' +
          'charge is stopped at once by an idempotency key. Duplicates are the problem you can solve; loss is not.',
      },
      {
        text: 'The bug is parsing before committing; parse after the commit and the order is fine.',
        correct: false,
        explanation:
          'Parsing has no effect outside the process, so where it happens changes nothing. The guarantee depends only on ' +
          'whether the offset is committed before or after the work that leaves a trace: the charge.',
      },
    ],
    recap: 'Commit after the side effect, never before, and make the side effect idempotent.',
    bonus: false,
  },
  {
    id: 'dlq',
    seam: 'The dead-letter handling',
    title: 'Seam 4: the dead-letter handling',
    scene:
      'The shipping consumer sends a message to the dead-letter topic the first time its handler raises, whatever the error, ' +
      'and then commits.',
    snippet: { path: `${SNIPPETS_DIR}/dlq-handling.py`, language: 'python' },
    live: { path: `${SNIPPETS_DIR}/dlq-handling.py`, language: 'python' },
    rule: 'DLQ001',
    snippetStaysSilentFor: [],
    rules: ['DLQ001', 'DLQ002'],
    question: 'What goes wrong with this handler in production, and what does a senior change first?',
    answers: [
      {
        text: 'Nothing: every failure ends up in the dead-letter topic, so no message is ever lost.',
        correct: false,
        explanation:
          'Nothing is lost, but a thirty-second database failover now sends thousands of healthy messages to the ' +
          'dead-letter topic, where someone has to replay them by hand. The few messages that really cannot be processed ' +
          'drown in that noise.',
      },
      {
        text: 'Committing after the dead-letter send is the bug; the offset should stay uncommitted.',
        correct: false,
        explanation:
          'Once the dead-letter topic has acknowledged the copy, committing is correct. Leaving the offset behind would make ' +
          'the consumer fetch the same poison message forever and block everything behind it on the partition.',
      },
      {
        text: 'Retry transient errors a bounded number of times with backoff; dead-letter permanent errors and exhausted retries, then commit.',
        correct: true,
        explanation:
          'Right. Timeouts and failovers clear up by themselves, so a few retries with growing delays absorb them. A message ' +
          'that can never succeed (bad payload, unknown schema) goes to the dead-letter topic at once, and so does one that ' +
          'has used up its retries. Only then is the offset committed.',
      },
      {
        text: 'With a dead-letter topic in place, the handler no longer needs to be idempotent.',
        correct: false,
        explanation:
          'Redeliveries do not come only from failures: a crash before the commit or a rebalance replays messages the ' +
          'handler already processed, and so does replaying the dead-letter topic. Keep the handler idempotent and add the ' +
          'retry budget.',
      },
    ],
    recap: 'Retry what is transient with a budget and backoff, dead-letter what is permanent or exhausted, then commit.',
    bonus: false,
  },
  {
    id: 'dedup',
    seam: 'The dedup key',
    title: 'Bonus: the dedup key',
    scene:
      'Because delivery is at-least-once, the payment service records every event it has handled in an inbox table and ' +
      'skips an event that is already there. Two deliveries of the same event reach two consumer instances at the same ' +
      'moment.',
    snippet: { path: `${SNIPPETS_DIR}/dedup-inbox.sql`, language: 'sql' },
    live: { path: `${SNIPPETS_DIR}/dedup-inbox.sql`, language: 'sql' },
    rule: 'DUP001',
    snippetStaysSilentFor: [],
    rules: ['DUP001', 'DUP002'],
    question: 'What stops the second delivery from charging the customer again?',
    answers: [
      {
        text: 'The table has a primary key, so the second insert of the same event fails.',
        correct: false,
        explanation:
          'The primary key is a generated surrogate id. Each insert gets a fresh one, so two rows with the same event id ' +
          'are perfectly legal and nothing fails.',
      },
      {
        text: 'Nothing does yet: make the event id (with the consumer name) the primary key and insert with ON CONFLICT DO NOTHING in the same transaction as the work.',
        correct: true,
        explanation:
          'Right. Both instances check, both find nothing, both insert and both charge. A unique key on the event id lets ' +
          'the database pick one winner; the loser inserts nothing, sees that, and skips the work. Doing the insert in the ' +
          'same transaction as the side effect keeps the record and the work together.',
      },
      {
        text: 'An index on the event id column is enough to keep duplicates out.',
        correct: false,
        explanation:
          'A plain index makes the lookup fast but accepts duplicate values. Only a primary key or a unique constraint makes ' +
          'the database refuse the second row.',
      },
      {
        text: 'Kafka never hands the same message to two instances of one consumer group, so the race cannot happen.',
        correct: false,
        explanation:
          'It does, routinely: a rebalance moves a partition while the old owner is still working, and an outbox relay can ' +
          'publish the same event twice. Dedup exists because duplicates are normal, not exotic.',
      },
    ],
    recap: 'A dedup table only dedupes when the event id is its primary or unique key.',
    bonus: true,
  },
];

/** The seams that count toward the altitude, in lesson order. */
export const CORE_CARDS: readonly LessonCard[] = CARDS.filter((c) => !c.bonus);

export const ALTITUDES = ['Zero', 'Junior', 'Middle', 'Senior'] as const;
export type AltitudeName = (typeof ALTITUDES)[number];

export function cardById(id: string): LessonCard | undefined {
  return CARDS.find((c) => c.id === id);
}

/** The card a rule's findings teach, by the rule lists of the cards. */
export function cardForRule(code: string): LessonCard | undefined {
  return CARDS.find((c) => c.rules.includes(code));
}
