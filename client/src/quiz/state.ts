/**
 * The quiz as a pure state machine: answering, retrying, moving between cards, resetting, the
 * altitude, and the shape progress is stored in. No VS Code here, so the tests drive it directly;
 * the panel only feeds it events and persists what comes out.
 */
import { ALTITUDES, type AltitudeName, type LessonCard } from '../lesson/content';

export interface CardProgress {
  /** Index of the answer on screen, or null before answering and after a retry. */
  chosen: number | null;
  /** Answered correctly at least once; stays true until a reset. */
  solved: boolean;
  /** How many answers were given on this card. */
  attempts: number;
}

export interface QuizState {
  /** The card on screen. */
  current: string;
  progress: Readonly<Record<string, CardProgress>>;
}

export type QuizEvent =
  | { type: 'select'; cardId: string }
  | { type: 'answer'; cardId: string; answer: number }
  | { type: 'retry'; cardId: string }
  | { type: 'reset' };

export interface Altitude {
  /** 0 (Zero) to 3 (Senior). */
  level: number;
  name: AltitudeName;
  /** Core seams answered correctly. */
  solved: number;
  total: number;
  /** Every core seam answered correctly. */
  inOrbit: boolean;
}

const FRESH: CardProgress = { chosen: null, solved: false, attempts: 0 };

export function initialState(cards: readonly LessonCard[], stored: (cardId: string) => unknown = () => undefined): QuizState {
  const progress: Record<string, CardProgress> = {};
  for (const card of cards) progress[card.id] = restore(stored(card.id), card);
  return { current: firstOpen(cards, progress), progress };
}

/** Validates what storage returned: anything malformed is a fresh card, never an error. */
export function restore(raw: unknown, card: LessonCard): CardProgress {
  if (!raw || typeof raw !== 'object') return FRESH;
  const value = raw as Record<string, unknown>;
  const chosen =
    typeof value.chosen === 'number' && Number.isInteger(value.chosen) && value.chosen >= 0 && value.chosen < card.answers.length
      ? value.chosen
      : null;
  const attempts = typeof value.attempts === 'number' && Number.isInteger(value.attempts) && value.attempts >= 0 ? value.attempts : 0;
  const solved = value.solved === true || (chosen !== null && card.answers[chosen]!.correct);
  return { chosen, solved, attempts: Math.max(attempts, chosen === null ? 0 : 1) };
}

/** The first card not yet solved (core cards before bonus ones), or the first card. */
function firstOpen(cards: readonly LessonCard[], progress: Readonly<Record<string, CardProgress>>): string {
  const ordered = [...cards.filter((c) => !c.bonus), ...cards.filter((c) => c.bonus)];
  return (ordered.find((c) => !progress[c.id]?.solved) ?? cards[0]!).id;
}

export function reduce(state: QuizState, event: QuizEvent, cards: readonly LessonCard[]): QuizState {
  if (event.type === 'reset') return initialState(cards);
  const card = cards.find((c) => c.id === event.cardId);
  if (!card) return state;
  const progress = state.progress[card.id] ?? FRESH;
  switch (event.type) {
    case 'select':
      return state.current === card.id ? state : { ...state, current: card.id };
    case 'answer': {
      // One answer at a time: a second answer needs a retry first, and nonsense indexes are ignored.
      if (progress.chosen !== null || !Number.isInteger(event.answer) || event.answer < 0 || event.answer >= card.answers.length) {
        return state;
      }
      const correct = card.answers[event.answer]!.correct;
      return withProgress(state, card.id, {
        chosen: event.answer,
        solved: progress.solved || correct,
        attempts: progress.attempts + 1,
      });
    }
    case 'retry':
      return progress.chosen === null ? state : withProgress(state, card.id, { ...progress, chosen: null });
  }
}

function withProgress(state: QuizState, cardId: string, progress: CardProgress): QuizState {
  return { current: cardId, progress: { ...state.progress, [cardId]: progress } };
}

export function altitude(state: QuizState, cards: readonly LessonCard[]): Altitude {
  const core = cards.filter((c) => !c.bonus);
  const solved = core.filter((c) => state.progress[c.id]?.solved).length;
  const level = Math.min(solved, ALTITUDES.length - 1);
  return { level, name: ALTITUDES[level]!, solved, total: core.length, inOrbit: core.length > 0 && solved === core.length };
}

/** The next card to offer after `current`: the first unsolved one after it, wrapping around. */
export function nextCard(state: QuizState, cards: readonly LessonCard[]): string | null {
  const at = cards.findIndex((c) => c.id === state.current);
  for (let i = 1; i < cards.length; i++) {
    const card = cards[(at + i) % cards.length]!;
    if (!state.progress[card.id]?.solved) return card.id;
  }
  return null;
}

/** Card ids whose stored progress differs between two states (what the panel writes back). */
export function changedCards(before: QuizState, after: QuizState): string[] {
  const ids = new Set([...Object.keys(before.progress), ...Object.keys(after.progress)]);
  return [...ids].filter((id) => {
    const a = before.progress[id] ?? FRESH;
    const b = after.progress[id] ?? FRESH;
    return a.chosen !== b.chosen || a.solved !== b.solved || a.attempts !== b.attempts;
  });
}
