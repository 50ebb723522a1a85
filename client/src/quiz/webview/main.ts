/**
 * The quiz panel's script (runs in the webview, bundled to dist/quiz.js). It renders the view the
 * extension sends and posts the learner's intents back; it holds no quiz state of its own. Text is
 * always set with textContent, never parsed as HTML.
 */
import type { AnswerView, CardView, FromWebview, QuizView, ToWebview, WebviewPersistedState } from '../protocol';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): WebviewPersistedState | undefined;
  setState(state: WebviewPersistedState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;
/** Lives outside the re-rendered tree, so screen readers hear every change it reports. */
const announcer = document.getElementById('announcer')!;
let previous: QuizView | null = null;

/** Where focus goes after the next render, so keyboard and screen-reader users follow the change. */
let focusAfterRender: 'title' | 'feedback' | 'first-answer' | null = null;
let lastCardId: string | null = null;

function post(message: FromWebview): void {
  vscode.postMessage(message);
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { id?: string; className?: string; text?: string; attrs?: Record<string, string> } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.id) node.id = props.id;
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

/** Text with `code` spans, as DOM nodes. */
function inline(text: string): Node[] {
  return text.split('`').map((part, i) => (i % 2 === 1 ? el('code', { text: part }) : document.createTextNode(part)));
}

function button(id: string, label: string, onClick: () => void, className = 'primary'): HTMLButtonElement {
  const b = el('button', { id, className, text: label, attrs: { type: 'button' } });
  b.addEventListener('click', onClick);
  return b;
}

function renderAltitude(view: QuizView): HTMLElement {
  const a = view.altitude;
  const track = el('ol', { className: 'altitude-track', attrs: { 'aria-label': 'Altitude levels' } });
  a.levels.forEach((name, i) => {
    const item = el('li', { className: i < a.level ? 'reached' : i === a.level ? 'current' : 'ahead', text: name });
    if (i === a.level) item.setAttribute('aria-current', 'step');
    track.append(item);
  });
  const status = a.inOrbit
    ? `Altitude: ${a.name}, in orbit. All ${a.total} seams answered correctly.`
    : `Altitude: ${a.name}. ${a.solved} of ${a.total} seams answered correctly.`;
  const section = el(
    'section',
    { id: 'altitude', className: a.inOrbit ? 'altitude in-orbit' : 'altitude', attrs: { 'aria-labelledby': 'altitude-heading' } },
    el('h2', { id: 'altitude-heading', className: 'visually-hidden', text: 'Altitude' }),
    track,
    el('p', { id: 'altitude-status', text: status }),
  );
  if (a.inOrbit) section.append(el('p', { id: 'in-orbit', className: 'orbit', text: '✓ In orbit: you read every seam like a senior.' }));
  return section;
}

function renderNav(view: QuizView): HTMLElement {
  const list = el('ul');
  for (const c of view.cards) {
    const label = `${c.bonus ? 'Bonus: ' : ''}${c.seam}`;
    const b = el('button', {
      className: c.current ? 'seam current' : 'seam',
      attrs: { type: 'button', 'data-card-id': c.id, 'aria-label': `${label}${c.solved ? ', answered correctly' : ''}` },
    });
    b.append(el('span', { className: c.solved ? 'mark solved' : 'mark', text: c.solved ? '✓' : '○', attrs: { 'aria-hidden': 'true' } }), label);
    if (c.current) b.setAttribute('aria-current', 'page');
    b.addEventListener('click', () => {
      focusAfterRender = 'title';
      post({ type: 'select', cardId: c.id });
    });
    list.append(el('li', {}, b));
  }
  return el('nav', { attrs: { 'aria-label': 'Seams' } }, list);
}

function renderSnippet(card: CardView): HTMLElement {
  const code = el('code', { text: card.snippet.text ?? `The file ${card.snippet.path} is not part of this build.` });
  const pre = el('pre', { attrs: { tabindex: '0', 'aria-label': `Snippet ${card.snippet.path}` } }, code);
  const openLabel = card.liveFile ? 'Open the relay in an editor' : 'Open this in an editor';
  const open = button('open-snippet', openLabel, () => post({ type: 'openSnippet', cardId: card.id }), 'secondary');
  const hint = el('p', {
    className: 'hint',
    text: card.liveFile
      ? `The write above is correct. ${card.liveFile} is the relay that drains it; in an editor Pipeline Seams flags it with ${card.rule} and offers the fix.`
      : `In an editor Pipeline Seams flags this with ${card.rule} and offers the fix.`,
  });
  return el('figure', { className: 'snippet' }, el('figcaption', { text: card.snippet.path }), pre, el('div', { className: 'actions' }, open), hint);
}

function renderAnswers(card: CardView): HTMLElement {
  const answered = card.status !== 'unanswered';
  const fieldset = el('fieldset', {}, el('legend', {}, ...inline(card.question)));
  for (const answer of card.answers) fieldset.append(renderAnswer(answer, answered));
  const form = el('form', { id: 'question', attrs: { 'aria-labelledby': 'card-title' } }, fieldset);
  if (!answered) {
    const error = el('p', { id: 'choose-first', className: 'hint', text: '', attrs: { role: 'alert' } });
    const submit = el('button', { id: 'check-answer', className: 'primary', text: 'Check answer', attrs: { type: 'submit' } });
    form.append(el('div', { className: 'actions' }, submit), error);
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const picked = form.querySelector<HTMLInputElement>('input[name="answer"]:checked');
    if (!picked) {
      form.querySelector('#choose-first')!.textContent = 'Choose an answer first.';
      return;
    }
    focusAfterRender = 'feedback';
    post({ type: 'answer', cardId: card.id, answer: Number(picked.value) });
  });
  return form;
}

function renderAnswer(answer: AnswerView, answered: boolean): HTMLElement {
  const id = `answer-${answer.index}`;
  const input = el('input', { id, attrs: { type: 'radio', name: 'answer', value: String(answer.index) } });
  if (answer.chosen) input.checked = true;
  if (answered) input.disabled = true;
  const label = el('label', { attrs: { for: id } }, ...inline(answer.text));
  const classes = ['answer'];
  if (answer.verdict) classes.push(answer.verdict.correct ? 'right' : 'wrong');
  const row = el('div', { className: classes.join(' '), attrs: { 'data-answer': String(answer.index) } }, input, label);
  if (answer.verdict) {
    row.append(el('span', { className: 'badge', text: answer.verdict.correct ? 'Your answer: right' : 'Your answer: not quite' }));
  }
  return row;
}

function renderFeedback(view: QuizView): HTMLElement {
  const card = view.card;
  const region = el('section', { id: 'feedback', attrs: { 'aria-labelledby': 'feedback-heading' } });
  const chosen = card.answers.find((a) => a.chosen);
  if (!chosen?.verdict) return region;
  const right = chosen.verdict.correct;
  region.className = right ? 'feedback right' : 'feedback wrong';
  region.append(
    el('h3', { id: 'feedback-heading', text: right ? 'Why this is right' : 'What goes wrong if you believe it', attrs: { tabindex: '-1' } }),
    el('p', { id: 'explanation' }, ...inline(chosen.verdict.explanation)),
  );
  if (card.recap) region.append(el('p', { id: 'recap', className: 'recap' }, el('strong', { text: 'Remember: ' }), ...inline(card.recap)));
  const actions = el('div', { className: 'actions' });
  actions.append(
    button('try-again', right ? 'Answer again' : 'Try again', () => {
      focusAfterRender = 'first-answer';
      post({ type: 'retry', cardId: card.id });
    }, right ? 'secondary' : 'primary'),
  );
  if (right && view.next) {
    const next = view.next;
    actions.append(button('next-question', 'Next question', () => {
      focusAfterRender = 'title';
      post({ type: 'select', cardId: next });
    }));
  }
  region.append(actions);
  return region;
}

function render(view: QuizView): void {
  const card = view.card;
  const article = el(
    'article',
    { id: 'card', attrs: { 'aria-labelledby': 'card-title', 'data-card-id': card.id } },
    el('h2', { id: 'card-title', text: card.title, attrs: { tabindex: '-1' } }),
    el('p', { className: 'scene' }, ...inline(card.scene)),
    renderSnippet(card),
    renderAnswers(card),
    renderFeedback(view),
  );
  const footer = el(
    'footer',
    {},
    button('start-over', 'Start over', () => {
      focusAfterRender = 'title';
      post({ type: 'reset' });
    }, 'secondary'),
  );
  const header = el('header', {}, el('h1', { text: view.title }), renderAltitude(view));
  app.replaceChildren(header, renderNav(view), article, footer);
  app.setAttribute('aria-busy', 'false');
  vscode.setState({ cardId: card.id });

  announce(previous, view);
  previous = view;

  const target = focusAfterRender ?? (lastCardId !== null && lastCardId !== card.id ? 'title' : null);
  focusAfterRender = null;
  lastCardId = card.id;
  if (target === 'title') document.getElementById('card-title')?.focus();
  else if (target === 'feedback') document.getElementById('feedback-heading')?.focus();
  else if (target === 'first-answer') document.querySelector<HTMLInputElement>('input[name="answer"]')?.focus();
}

/** Says what changed: the verdict and its explanation after an answer, and a new altitude. */
function announce(before: QuizView | null, view: QuizView): void {
  if (!before) return;
  const parts: string[] = [];
  const card = view.card;
  const chosen = card.answers.find((a) => a.chosen)?.verdict;
  const wasUnanswered = before.card.id === card.id && before.card.status === 'unanswered';
  if (chosen && wasUnanswered) parts.push(`${chosen.correct ? 'Right.' : 'Not quite.'} ${chosen.explanation.replace(/^Right\.\s*/, '')}`);
  const a = view.altitude;
  if (a.level !== before.altitude.level || a.inOrbit !== before.altitude.inOrbit) {
    parts.push(a.inOrbit ? `Altitude: ${a.name}, in orbit.` : `Altitude: ${a.name}.`);
  }
  if (parts.length > 0) announcer.textContent = parts.join(' ').replace(/`/g, '');
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  if (message && message.type === 'view') render(message.view);
});

post({ type: 'ready' });
