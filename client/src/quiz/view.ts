/** QuizState → the view model the webview renders. Pure: the snippet texts are passed in. */
import { ALTITUDES, LESSON_TITLE, type LessonCard } from '../lesson/content';
import type { CardView, QuizView } from './protocol';
import { altitude, nextCard, type QuizState } from './state';

export function buildView(state: QuizState, cards: readonly LessonCard[], snippetText: (path: string) => string | null): QuizView {
  const card = cards.find((c) => c.id === state.current) ?? cards[0]!;
  const a = altitude(state, cards);
  return {
    title: LESSON_TITLE,
    cards: cards.map((c) => ({
      id: c.id,
      seam: c.seam,
      solved: !!state.progress[c.id]?.solved,
      bonus: c.bonus,
      current: c.id === card.id,
    })),
    card: cardView(card, state, snippetText),
    altitude: { levels: [...ALTITUDES], level: a.level, name: a.name, solved: a.solved, total: a.total, inOrbit: a.inOrbit },
    next: nextCard({ ...state, current: card.id }, cards),
  };
}

function cardView(card: LessonCard, state: QuizState, snippetText: (path: string) => string | null): CardView {
  const progress = state.progress[card.id] ?? { chosen: null, solved: false, attempts: 0 };
  const chosen = progress.chosen;
  const status = chosen === null ? 'unanswered' : card.answers[chosen]!.correct ? 'right' : 'wrong';
  return {
    id: card.id,
    seam: card.seam,
    title: card.title,
    scene: card.scene,
    question: card.question,
    snippet: { path: card.snippet.path, language: card.snippet.language, text: snippetText(card.snippet.path) },
    liveFile: card.live.path === card.snippet.path ? null : card.live.path,
    rule: card.rule,
    answers: card.answers.map((answer, index) => ({
      index,
      text: answer.text,
      chosen: index === chosen,
      ...(index === chosen ? { verdict: { correct: answer.correct, explanation: answer.explanation } } : {}),
    })),
    status,
    solved: progress.solved,
    attempts: progress.attempts,
    recap: progress.solved ? card.recap : null,
    bonus: card.bonus,
  };
}
