/** Command ids and context keys of the lesson, shared by the extension, the walkthrough generator and the tests. */
import { LEARN_SEAM_COMMAND } from '../../../server/src/lsp/protocol';

export const COMMANDS = {
  openWalkthrough: 'pipelineSeams.openWalkthrough',
  openQuiz: 'pipelineSeams.openQuiz',
  resetLessonProgress: 'pipelineSeams.resetLessonProgress',
  scanWorkspace: 'pipelineSeams.scanWorkspace',
  /** Argument: a rule code. Offered by the server on diagnostics and hovers. */
  learnSeam: LEARN_SEAM_COMMAND,
  /** Argument: a card id. Opens the card's live file in an editor. */
  openLessonFile: 'pipelineSeams.openLessonFile',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** `pipelineSeams.lesson.solved.<cardId>` is true once the card was answered correctly (walkthrough completion). */
export const SOLVED_CONTEXT_PREFIX = 'pipelineSeams.lesson.solved.';

export function solvedContextKey(cardId: string): string {
  return `${SOLVED_CONTEXT_PREFIX}${cardId}`;
}

/** A `command:` link with JSON arguments, as walkthroughs and trusted markdown expect it. */
export function commandLink(command: string, ...args: unknown[]): string {
  return args.length === 0 ? `command:${command}` : `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}
