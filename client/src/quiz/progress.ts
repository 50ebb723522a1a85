/**
 * Quiz progress in extension storage (`context.globalState`), one key per card, so it survives
 * restarts and a card added later starts fresh without touching the others.
 */
import type { LessonCard } from '../lesson/content';
import { changedCards, initialState, type QuizState } from './state';

/** The part of `vscode.Memento` the store uses. */
export interface KeyValueStore {
  get(key: string): unknown;
  update(key: string, value: unknown): PromiseLike<void>;
}

export const PROGRESS_KEY_PREFIX = 'pipelineSeams.lesson.';

export function progressKey(cardId: string): string {
  return `${PROGRESS_KEY_PREFIX}${cardId}`;
}

export function loadProgress(store: KeyValueStore, cards: readonly LessonCard[]): QuizState {
  return initialState(cards, (cardId) => store.get(progressKey(cardId)));
}

/** Writes the cards whose progress changed; a reset card is removed rather than stored fresh. */
export async function saveProgress(store: KeyValueStore, before: QuizState, after: QuizState): Promise<void> {
  await Promise.all(
    changedCards(before, after).map((id) => {
      const p = after.progress[id];
      const fresh = !p || (p.chosen === null && !p.solved && p.attempts === 0);
      return store.update(progressKey(id), fresh ? undefined : { ...p });
    }),
  );
}
