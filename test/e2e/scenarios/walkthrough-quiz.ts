/**
 * Real-editor scenario: the walkthrough opens and renders its steps, "Open this in an editor" shows
 * the squiggle, a correct answer in the quiz completes the walkthrough step, four right answers put
 * the learner in orbit, "Learn this seam" (hover link and code action) leads from the finding to its
 * question, the last step scans the workspace, and the panel and progress survive a reload.
 *
 * Given a Playwright page with the workbench loaded (extension installed, a folder open) and a
 * directory for screenshots. It waits on state, never on time. Selectors belong to the pinned
 * VS Code version (1.100) and live in SELECTORS below.
 *
 * What the harness provides: a fresh user-data directory (walkthrough step completion is kept in
 * VS Code's own storage, so a reused profile would tick steps in advance) with the welcome page and
 * walkthrough-on-install turned off; the VSIX built from a tree holding
 * walkthroughs/snippets/consumer-commit-order.py; a viewport of at least 1280×800. The scenario
 * reloads the window at its end.
 */
import * as path from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { CORE_CARDS, type LessonCard } from '../../../client/src/lesson/content';
import { WALKTHROUGH_ID } from '../../../client/src/lesson/walkthrough';
import { frameWith } from './frames';

const EXTENSION_ID = 'pipeline-seams.pipeline-seams';
const TIMEOUT = 30_000;

export const SELECTORS = {
  paletteInput: '.quick-input-widget input',
  paletteRow: '.quick-input-list .monaco-list-row',
  step: (id: string) => `button.getting-started-step[data-step-id="${EXTENSION_ID}#${WALKTHROUGH_ID}#${id}"]`,
  stepButton: (id: string) => `[x-step-description-for="${EXTENSION_ID}#${WALKTHROUGH_ID}#${id}"] a.monaco-button`,
  walkthroughTab: '.tabs-container .tab[aria-label*="Walkthrough"]',
  editorTab: (name: string) => `.tabs-container .tab[aria-label*="${name}"]`,
  squiggleError: '.monaco-editor .squiggly-error',
  markerWidget: '.marker-widget',
  notifications: '.notifications-toasts',
  problemsPanel: '.markers-panel',
  actionWidget: '.action-widget',
  actionWidgetRow: '.action-widget .monaco-list-row',
  actionWidgetFocused: '.action-widget .monaco-list-row.focused',
  hoverLink: '.monaco-hover a:has-text("Learn this seam")',
  // inside the quiz webview
  quizReady: '#app[aria-busy="false"]',
  quizCard: (id: string) => `#card[data-card-id="${id}"]`,
  quizSeam: (id: string) => `nav button[data-card-id="${id}"]`,
  quizAnswer: (index: number) => `input[name="answer"][value="${index}"]`,
  quizCheck: '#check-answer',
  quizFeedbackRight: '#feedback.right',
  quizAltitude: '#altitude-status',
  quizAnnouncer: '#announcer',
  quizInOrbit: '#in-orbit',
} as const;

export interface ScenarioOptions {
  /** Called with each screenshot path, e.g. to attach it to a report. */
  onScreenshot?: (file: string) => void;
}

export async function walkthroughQuizScenario(page: Page, artifacts: string, options: ScenarioOptions = {}): Promise<void> {
  let shot = 0;
  const screenshot = async (name: string) => {
    const file = path.join(artifacts, `${String(++shot).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file });
    options.onScreenshot?.(file);
  };
  const consumer = CORE_CARDS.find((c) => c.id === 'consumer')!;

  await runCommand(page, 'Pipeline Seams: Reset Quiz Progress');

  // 1. The walkthrough opens and renders a step per seam, then the scan.
  await runCommand(page, 'Pipeline Seams: Open Walkthrough');
  for (const id of [...CORE_CARDS.map((c) => c.id), 'scan']) await page.locator(SELECTORS.step(id)).waitFor({ timeout: TIMEOUT });
  for (const card of CORE_CARDS) await expectText(page.locator(SELECTORS.step(card.id)), card.title);
  await screenshot('walkthrough');

  // 2. The consumer step shows its snippet beside the steps.
  await expandStep(page, consumer.id);
  const media = await frameWith(page, `h1:has-text("${consumer.title}")`, TIMEOUT);
  await media.locator('pre code').first().waitFor({ timeout: TIMEOUT });
  await screenshot('walkthrough-consumer-step');

  // 3. "Open this in an editor": the finding is squiggled in a real editor.
  await page.locator(SELECTORS.stepButton(consumer.id), { hasText: 'Open this in an editor' }).click();
  const fileName = path.posix.basename(consumer.live.path);
  await page.locator(SELECTORS.editorTab(fileName)).first().waitFor({ timeout: TIMEOUT });
  await page.locator(SELECTORS.squiggleError).first().waitFor({ timeout: TIMEOUT });
  await runCommand(page, 'Go to Next Problem (Error, Warning, Info)');
  await expectText(page.locator(SELECTORS.markerWidget).first(), consumer.rule);
  await screenshot('squiggle-and-problem');
  await page.keyboard.press('Escape');

  // 4. "Answer the question" opens the quiz at this seam; the right answer completes the step.
  await page.locator(SELECTORS.walkthroughTab).first().click();
  await page.locator(SELECTORS.stepButton(consumer.id), { hasText: 'Answer the question' }).click();
  const quiz = await quizFrame(page, consumer.id);
  await answer(quiz, consumer, 'mouse');
  await screenshot('quiz-answered');
  await page.locator(SELECTORS.walkthroughTab).first().click();
  await page.locator(`${SELECTORS.step(consumer.id)}[aria-checked="true"]`).waitFor({ timeout: TIMEOUT });
  await screenshot('walkthrough-step-complete');

  // 5. The other three seams (the last one by keyboard alone): Senior, in orbit.
  await runCommand(page, 'Pipeline Seams: Open Quiz');
  const rest = CORE_CARDS.filter((c) => c.id !== consumer.id);
  for (const [i, card] of rest.entries()) {
    const frame = await quizFrame(page);
    await frame.locator(SELECTORS.quizSeam(card.id)).click();
    await frame.locator(SELECTORS.quizCard(card.id)).waitFor({ timeout: TIMEOUT });
    await answer(frame, card, i === rest.length - 1 ? 'keyboard' : 'mouse');
  }
  const done = await quizFrame(page);
  await done.locator(SELECTORS.quizInOrbit).waitFor({ timeout: TIMEOUT });
  await expectText(done.locator(SELECTORS.quizAltitude), 'Senior, in orbit');
  // the altitude sits above the last explanation: bring it into the picture
  await done.locator(SELECTORS.quizAltitude).scrollIntoViewIfNeeded();
  await screenshot('quiz-in-orbit');

  // 6. From the finding, "Learn this seam" (hover link, then code action) opens the quiz at its card.
  await focusProblem(page, fileName);
  await runCommand(page, 'Show or Focus Hover');
  const link = page.locator(SELECTORS.hoverLink);
  await link.waitFor({ timeout: TIMEOUT });
  await screenshot('hover-learn-this-seam');
  await link.click();
  await quizFrame(page, consumer.id);
  await screenshot('quiz-from-hover');

  await focusProblem(page, fileName);
  await runCommand(page, 'Quick Fix...');
  await page.locator(SELECTORS.actionWidgetRow).first().waitFor({ timeout: TIMEOUT });
  const title = `Learn this seam (${consumer.rule})`;
  await expectText(page.locator(SELECTORS.actionWidget), title);
  await screenshot('quick-fix-menu');
  // The menu is keyboard-driven (a pointer shield covers the page while it is open).
  // One step at a time, at most once per row; header rows are skipped by the list itself.
  const rows = await page.locator(SELECTORS.actionWidgetRow).count();
  for (let i = 0; i < rows && !(await page.locator(SELECTORS.actionWidgetFocused, { hasText: title }).count()); i++) {
    await page.keyboard.press('ArrowDown');
  }
  await page.locator(SELECTORS.actionWidgetFocused, { hasText: title }).waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Enter');
  await quizFrame(page, consumer.id);
  await screenshot('quiz-from-quick-fix');

  // 7. The last step scans the workspace: the Problems panel opens with the findings.
  await runCommand(page, 'Pipeline Seams: Open Walkthrough');
  await expandStep(page, 'scan');
  await page.locator(SELECTORS.stepButton('scan'), { hasText: 'Scan the workspace' }).click();
  await expectText(page.locator(SELECTORS.notifications), 'Pipeline Seams: checked');
  await page.locator(SELECTORS.problemsPanel).waitFor({ timeout: TIMEOUT });
  await page.locator(`${SELECTORS.step('scan')}[aria-checked="true"]`).waitFor({ timeout: TIMEOUT });
  await screenshot('workspace-scanned');

  // 8. After a reload the quiz panel comes back, still in orbit.
  // Wait for the new document: until it loads, the old workbench and its quiz frame are still there,
  // and a frame found in them is detached a moment later.
  await Promise.all([
    page.waitForEvent('domcontentloaded', { timeout: TIMEOUT }),
    runCommand(page, 'Developer: Reload Window'),
  ]);
  await page.locator('.monaco-workbench').waitFor({ timeout: TIMEOUT });
  const restored = await quizFrame(page);
  await expectText(restored.locator(SELECTORS.quizAltitude), 'Senior, in orbit');
  await screenshot('quiz-restored-after-reload');
}

/** Selects a walkthrough step unless it is open already (a click on an open step may hit its buttons). */
async function expandStep(page: Page, id: string): Promise<void> {
  const step = page.locator(SELECTORS.step(id));
  if ((await step.getAttribute('aria-expanded')) !== 'true') await step.locator('.step-title').click();
  await page.locator(`${SELECTORS.step(id)}[aria-expanded="true"]`).waitFor({ timeout: TIMEOUT });
}

/** Shows the lesson file and puts the cursor on its problem. */
async function focusProblem(page: Page, fileName: string): Promise<void> {
  await page.locator(SELECTORS.editorTab(fileName)).first().click();
  await runCommand(page, 'Go to Next Problem (Error, Warning, Info)');
  await page.locator(SELECTORS.markerWidget).first().waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Escape');
  await page.locator(SELECTORS.markerWidget).first().waitFor({ state: 'hidden', timeout: TIMEOUT });
}

export default walkthroughQuizScenario;

/** F1, the command's title, Enter. Retries while the extension's commands are still registering. */
async function runCommand(page: Page, title: string): Promise<void> {
  const deadline = Date.now() + TIMEOUT;
  while (Date.now() < deadline) {
    await page.keyboard.press('F1');
    const input = page.locator(SELECTORS.paletteInput);
    await input.waitFor({ timeout: TIMEOUT });
    await input.fill(`>${title}`);
    const row = page.locator(SELECTORS.paletteRow, { hasText: title }).first();
    try {
      await row.waitFor({ timeout: 2_000 });
      await page.keyboard.press('Enter');
      await input.waitFor({ state: 'hidden', timeout: TIMEOUT });
      return;
    } catch {
      await page.keyboard.press('Escape');
    }
  }
  throw new Error(`command "${title}" not found in the command palette`);
}

/** The quiz webview's frame, rendered (and showing `cardId` when given). */
async function quizFrame(page: Page, cardId?: string): Promise<Frame> {
  return frameWith(page, cardId ? `${SELECTORS.quizReady} ${SELECTORS.quizCard(cardId)}` : SELECTORS.quizReady, TIMEOUT);
}

async function answer(frame: Frame, card: LessonCard, input: 'mouse' | 'keyboard'): Promise<void> {
  const right = card.answers.findIndex((a) => a.correct);
  if (input === 'mouse') {
    await frame.locator(SELECTORS.quizAnswer(right)).check();
    await frame.locator(SELECTORS.quizCheck).click();
  } else {
    // Radios move with the arrow keys; Enter submits the form.
    await frame.locator(SELECTORS.quizAnswer(0)).focus();
    await frame.locator(SELECTORS.quizAnswer(0)).press('Space');
    for (let i = 0; i < right; i++) await frame.locator(`${SELECTORS.quizAnswer(i)}`).press('ArrowDown');
    await frame.locator(SELECTORS.quizAnswer(right)).press('Enter');
  }
  await frame.locator(SELECTORS.quizFeedbackRight).waitFor({ timeout: TIMEOUT });
  await expectText(frame.locator(SELECTORS.quizAnnouncer), 'Right.');
}

async function expectText(locator: Locator, text: string): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: TIMEOUT });
}
