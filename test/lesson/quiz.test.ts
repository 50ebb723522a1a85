/**
 * The quiz state machine (answer, retry, move, reset, altitude), its persistence, the view the
 * webview renders, the message protocol, and the panel HTML's Content Security Policy.
 */
import * as assert from 'node:assert/strict';
import { CARDS, CORE_CARDS, type LessonCard } from '../../client/src/lesson/content';
import { scanSummary } from '../../client/src/lesson/scanSummary';
import { contentSecurityPolicy, createNonce, quizHtml } from '../../client/src/quiz/html';
import { loadProgress, progressKey, saveProgress, type KeyValueStore } from '../../client/src/quiz/progress';
import { parseWebviewMessage } from '../../client/src/quiz/protocol';
import { altitude, initialState, nextCard, reduce, type QuizEvent, type QuizState } from '../../client/src/quiz/state';
import { buildView } from '../../client/src/quiz/view';

const right = (card: LessonCard) => card.answers.findIndex((a) => a.correct);
const wrong = (card: LessonCard) => card.answers.findIndex((a) => !a.correct);

function run(events: QuizEvent[], from: QuizState = initialState(CARDS)): QuizState {
  return events.reduce((state, event) => reduce(state, event, CARDS), from);
}

function answerAllCore(state: QuizState = initialState(CARDS)): QuizState {
  return run(CORE_CARDS.map((c) => ({ type: 'answer', cardId: c.id, answer: right(c) })), state);
}

class MemoryStore implements KeyValueStore {
  readonly values = new Map<string, unknown>();
  writes = 0;
  get(key: string): unknown {
    return this.values.get(key);
  }
  update(key: string, value: unknown): Promise<void> {
    this.writes++;
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}

describe('quiz state machine', () => {
  it('starts at Zero on the first card with nothing answered', () => {
    const state = initialState(CARDS);
    assert.equal(state.current, 'outbox');
    assert.deepEqual(altitude(state, CARDS), { level: 0, name: 'Zero', solved: 0, total: 4, inOrbit: false });
    for (const card of CARDS) assert.deepEqual(state.progress[card.id], { chosen: null, solved: false, attempts: 0 });
  });

  it('a wrong answer shows its explanation and solves nothing', () => {
    const card = CARDS[0]!;
    const state = run([{ type: 'answer', cardId: card.id, answer: wrong(card) }]);
    assert.deepEqual(state.progress[card.id], { chosen: wrong(card), solved: false, attempts: 1 });
    const view = buildView(state, CARDS, () => null);
    assert.equal(view.card.status, 'wrong');
    const chosen = view.card.answers.filter((a) => a.chosen);
    assert.equal(chosen.length, 1);
    assert.deepEqual(chosen[0]!.verdict, { correct: false, explanation: card.answers[wrong(card)]!.explanation });
    assert.ok(view.card.answers.filter((a) => !a.chosen).every((a) => a.verdict === undefined), 'the other answers stay hidden');
    assert.equal(view.card.recap, null);
  });

  it('ignores a second answer until the learner retries, then counts the attempts', () => {
    const card = CARDS[1]!;
    const answered = run([{ type: 'answer', cardId: card.id, answer: wrong(card) }]);
    assert.equal(run([{ type: 'answer', cardId: card.id, answer: right(card) }], answered), answered);
    const retried = run([{ type: 'retry', cardId: card.id }], answered);
    assert.deepEqual(retried.progress[card.id], { chosen: null, solved: false, attempts: 1 });
    const solved = run([{ type: 'answer', cardId: card.id, answer: right(card) }], retried);
    assert.deepEqual(solved.progress[card.id], { chosen: right(card), solved: true, attempts: 2 });
    assert.equal(buildView(solved, CARDS, () => null).card.recap, card.recap);
  });

  it('keeps a card solved when it is answered again, even wrongly', () => {
    const card = CARDS[2]!;
    const state = run([
      { type: 'answer', cardId: card.id, answer: right(card) },
      { type: 'retry', cardId: card.id },
      { type: 'answer', cardId: card.id, answer: wrong(card) },
    ]);
    assert.deepEqual(state.progress[card.id], { chosen: wrong(card), solved: true, attempts: 2 });
    assert.equal(altitude(state, CARDS).solved, 1);
  });

  it('climbs Zero → Junior → Middle → Senior, and is in orbit when all four seams are right', () => {
    let state = initialState(CARDS);
    const seen = [altitude(state, CARDS)];
    for (const card of CORE_CARDS) {
      state = reduce(state, { type: 'answer', cardId: card.id, answer: right(card) }, CARDS);
      seen.push(altitude(state, CARDS));
    }
    assert.deepEqual(seen.map((a) => a.name), ['Zero', 'Junior', 'Middle', 'Senior', 'Senior']);
    assert.deepEqual(seen.map((a) => a.inOrbit), [false, false, false, false, true]);
    const view = buildView(state, CARDS, () => null);
    assert.deepEqual(view.altitude, { levels: ['Zero', 'Junior', 'Middle', 'Senior'], level: 3, name: 'Senior', solved: 4, total: 4, inOrbit: true });
  });

  it('does not count the bonus card toward the altitude', () => {
    const bonus = CARDS.find((c) => c.bonus)!;
    const state = run([{ type: 'answer', cardId: bonus.id, answer: right(bonus) }]);
    assert.equal(state.progress[bonus.id]!.solved, true);
    assert.equal(altitude(state, CARDS).solved, 0);
  });

  it('ignores unknown cards, nonsense answers and retries with nothing to retry', () => {
    const state = initialState(CARDS);
    for (const event of [
      { type: 'answer', cardId: 'nope', answer: 0 },
      { type: 'answer', cardId: 'outbox', answer: 4 },
      { type: 'answer', cardId: 'outbox', answer: -1 },
      { type: 'answer', cardId: 'outbox', answer: 1.5 },
      { type: 'retry', cardId: 'outbox' },
      { type: 'select', cardId: 'outbox' },
      { type: 'select', cardId: 'nope' },
    ] as QuizEvent[]) {
      assert.equal(reduce(state, event, CARDS), state, JSON.stringify(event));
    }
  });

  it('moves between cards and offers the next unsolved one', () => {
    let state = run([{ type: 'select', cardId: 'dlq' }]);
    assert.equal(state.current, 'dlq');
    assert.equal(nextCard(state, CARDS), 'dedup');
    state = answerAllCore(state);
    assert.equal(nextCard({ ...state, current: 'outbox' }, CARDS), 'dedup');
    const dedup = CARDS.find((c) => c.id === 'dedup')!;
    state = run([{ type: 'answer', cardId: 'dedup', answer: right(dedup) }], state);
    assert.equal(nextCard(state, CARDS), null);
  });

  it('reset clears every card and the altitude', () => {
    const state = run([{ type: 'reset' }], answerAllCore());
    assert.deepEqual(state, initialState(CARDS));
  });
});

describe('quiz progress persistence', () => {
  it('stores one key per changed card and restores the same state after a restart', async () => {
    const store = new MemoryStore();
    const before = loadProgress(store, CARDS);
    const after = run([
      { type: 'answer', cardId: 'outbox', answer: right(CARDS[0]!) },
      { type: 'answer', cardId: 'cdc', answer: wrong(CARDS[1]!) },
    ], before);
    await saveProgress(store, before, after);
    assert.deepEqual([...store.values.keys()].sort(), [progressKey('cdc'), progressKey('outbox')]);
    assert.equal(store.writes, 2);
    const restored = loadProgress(store, CARDS);
    assert.deepEqual(restored.progress, after.progress);
    assert.equal(restored.current, 'cdc', 'reopens on the first card not solved yet');
    assert.equal(altitude(restored, CARDS).name, 'Junior');
  });

  it('removes the keys on reset', async () => {
    const store = new MemoryStore();
    const solved = answerAllCore();
    await saveProgress(store, initialState(CARDS), solved);
    assert.equal(store.values.size, 4);
    await saveProgress(store, solved, reduce(solved, { type: 'reset' }, CARDS));
    assert.equal(store.values.size, 0);
    assert.deepEqual(loadProgress(store, CARDS), initialState(CARDS));
  });

  it('treats malformed stored values as fresh cards instead of failing', () => {
    const store = new MemoryStore();
    store.values.set(progressKey('outbox'), 'garbage');
    store.values.set(progressKey('cdc'), { chosen: 99, solved: 'yes', attempts: -3 });
    store.values.set(progressKey('consumer'), { chosen: right(CARDS[2]!), attempts: 0 });
    const state = loadProgress(store, CARDS);
    assert.deepEqual(state.progress.outbox, { chosen: null, solved: false, attempts: 0 });
    assert.deepEqual(state.progress.cdc, { chosen: null, solved: false, attempts: 0 });
    assert.deepEqual(state.progress.consumer, { chosen: right(CARDS[2]!), solved: true, attempts: 1 });
  });
});

describe('quiz view', () => {
  it('carries the snippet text, the live file when it differs, and the seam list', () => {
    const view = buildView(initialState(CARDS), CARDS, (p) => `text of ${p}`);
    assert.equal(view.card.id, 'outbox');
    assert.equal(view.card.snippet.text, 'text of walkthroughs/snippets/outbox-write.sql');
    assert.equal(view.card.liveFile, 'walkthroughs/snippets/outbox-relay.py');
    assert.equal(view.card.rule, 'OBX001');
    assert.deepEqual(view.cards.map((c) => [c.id, c.current, c.solved]), CARDS.map((c, i) => [c.id, i === 0, false]));
    const cdc = buildView(run([{ type: 'select', cardId: 'cdc' }]), CARDS, () => null);
    assert.equal(cdc.card.liveFile, null);
    assert.equal(cdc.card.snippet.text, null);
  });
});

describe('quiz protocol', () => {
  it('accepts only well-formed messages from the webview', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'reset', extra: 1 }), { type: 'reset' });
    assert.deepEqual(parseWebviewMessage({ type: 'answer', cardId: 'cdc', answer: 2 }), { type: 'answer', cardId: 'cdc', answer: 2 });
    assert.deepEqual(parseWebviewMessage({ type: 'select', cardId: 'dlq' }), { type: 'select', cardId: 'dlq' });
    assert.deepEqual(parseWebviewMessage({ type: 'openSnippet', cardId: 'dlq' }), { type: 'openSnippet', cardId: 'dlq' });
    for (const bad of [null, 'ready', 42, {}, { type: 'answer', cardId: 'cdc' }, { type: 'answer', cardId: 'cdc', answer: '2' },
      { type: 'answer', cardId: 'cdc', answer: 0.5 }, { type: 'select' }, { type: 'select', cardId: 7 }, { type: 'eval', cardId: 'x' },
      { type: 'retry', cardId: 'x'.repeat(65) }]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });
});

describe('quiz panel HTML', () => {
  const input = { cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce: createNonce(), scriptUri: 'https://x/dist/quiz.js', styleUri: 'https://x/media/quiz.css' };
  const html = quizHtml(input);

  it('sets a strict Content Security Policy: nothing remote, no inline code, only this nonce', () => {
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
    assert.ok(meta, 'CSP meta tag');
    assert.equal(meta[1], `default-src 'none'; style-src ${input.cspSource}; script-src 'nonce-${input.nonce}'; img-src ${input.cspSource}`);
    assert.equal(contentSecurityPolicy(input.cspSource, input.nonce), meta[1]);
    assert.doesNotMatch(meta[1], /unsafe-inline|unsafe-eval|\*|https?:\/\/(?!file\+)/);
  });

  it('gives every script the nonce and a source, and has no inline style or handlers', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    for (const [, attrs, body] of scripts) {
      assert.match(attrs!, new RegExp(`nonce="${input.nonce}"`));
      assert.match(attrs!, /src="https:\/\/x\/dist\/quiz\.js"/);
      assert.equal(body!.trim(), '', 'no inline script body');
    }
    assert.doesNotMatch(html, /<style|style=|\son[a-z]+=/i);
    assert.match(html, /<link rel="stylesheet" href="https:\/\/x\/media\/quiz\.css">/);
  });

  it('has a live region outside the re-rendered content, for screen readers', () => {
    assert.match(html, /<div id="announcer" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true"><\/div>/);
    assert.match(html, /<html lang="en">/);
  });

  it('makes a new nonce for every load and refuses a weak one', () => {
    const nonces = new Set(Array.from({ length: 20 }, createNonce));
    assert.equal(nonces.size, 20);
    for (const n of nonces) assert.match(n, /^[A-Za-z0-9_-]{32}$/);
    assert.throws(() => quizHtml({ ...input, nonce: 'abc' }));
    assert.throws(() => quizHtml({ ...input, nonce: 'a"onload="x()"aaaaaaaaaaaaa' }));
  });
});

describe('workspace scan summary', () => {
  const base = { files: 0, findings: 0, filesWithFindings: 0, open: 0, skipped: 0, truncated: false, cancelled: false };
  it('says what was checked and found, in one line', () => {
    assert.equal(scanSummary({ ...base, files: 1 }), 'Pipeline Seams: checked 1 file, no findings.');
    assert.equal(scanSummary({ ...base, files: 8, findings: 3, filesWithFindings: 2 }), 'Pipeline Seams: checked 8 files, 3 findings in 2 files.');
    assert.equal(
      scanSummary({ ...base, files: 5000, findings: 1, filesWithFindings: 1, open: 2, skipped: 1, truncated: true }),
      'Pipeline Seams: checked 5000 files, 1 finding in 1 file (2 open files checked as you type; 1 file skipped as binary, too large or not UTF-8; stopped at the file limit).',
    );
    assert.match(scanSummary({ ...base, files: 3, cancelled: true }), /\(cancelled\)\.$/);
  });
});
