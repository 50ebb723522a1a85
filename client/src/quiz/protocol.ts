/**
 * Every message between the quiz panel (webview) and the extension. The webview renders a
 * `QuizView` and answers with intents; the extension owns the state. Messages from the webview
 * are checked with `parseWebviewMessage` before anything acts on them.
 */

export const QUIZ_VIEW_TYPE = 'pipelineSeams.quiz';

export interface AnswerView {
  index: number;
  text: string;
  /** This answer is the one on screen. */
  chosen: boolean;
  /** Only for the chosen answer: whether it is right, and why (or what breaks). */
  verdict?: { correct: boolean; explanation: string };
}

export interface CardView {
  id: string;
  seam: string;
  title: string;
  scene: string;
  question: string;
  snippet: { path: string; language: string; text: string | null };
  /** The file "Open this in an editor" opens, when it is not the snippet itself. */
  liveFile: string | null;
  rule: string;
  answers: AnswerView[];
  status: 'unanswered' | 'right' | 'wrong';
  solved: boolean;
  attempts: number;
  /** Shown once the card has been solved. */
  recap: string | null;
  bonus: boolean;
}

export interface AltitudeView {
  levels: string[];
  level: number;
  name: string;
  solved: number;
  total: number;
  inOrbit: boolean;
}

export interface QuizView {
  title: string;
  cards: { id: string; seam: string; solved: boolean; bonus: boolean; current: boolean }[];
  card: CardView;
  altitude: AltitudeView;
  /** The card "Next question" moves to, or null when every card is solved. */
  next: string | null;
}

/** Extension → webview. */
export type ToWebview = { type: 'view'; view: QuizView };

/** Webview → extension. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'select'; cardId: string }
  | { type: 'answer'; cardId: string; answer: number }
  | { type: 'retry'; cardId: string }
  | { type: 'openSnippet'; cardId: string }
  | { type: 'reset' };

/** What the webview keeps across reloads with `setState` (the panel serializer reads it back). */
export interface WebviewPersistedState {
  cardId?: string;
}

const CARD_MESSAGES = new Set(['select', 'retry', 'openSnippet']);

/** Accepts only well-formed messages; anything else is dropped. */
export function parseWebviewMessage(raw: unknown): FromWebview | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const m = raw as Record<string, unknown>;
  if (m.type === 'ready' || m.type === 'reset') return { type: m.type };
  if (typeof m.cardId !== 'string' || m.cardId.length > 64) return undefined;
  if (typeof m.type === 'string' && CARD_MESSAGES.has(m.type)) {
    return { type: m.type as 'select' | 'retry' | 'openSnippet', cardId: m.cardId };
  }
  if (m.type === 'answer' && typeof m.answer === 'number' && Number.isInteger(m.answer)) {
    return { type: 'answer', cardId: m.cardId, answer: m.answer };
  }
  return undefined;
}
