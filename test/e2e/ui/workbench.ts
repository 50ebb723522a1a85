/**
 * Drives the workbench the way a person does: F1 and command names rather than key chords, mouse
 * where a person would point. Every step waits on what the screen shows (or what is on disk), never
 * on time, and each named step leaves a screenshot in the artefacts folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import * as S from './selectors';

const DEADLINE_MS = 60_000;

export class Workbench {
  private step = 0;

  constructor(
    readonly page: Page,
    readonly workspace: string,
    private readonly screenshots: string,
  ) {
    fs.mkdirSync(screenshots, { recursive: true });
  }

  async shot(name: string): Promise<string> {
    this.step++;
    const file = path.join(this.screenshots, `${String(this.step).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  async ready(): Promise<void> {
    await this.page.locator(S.WORKBENCH).waitFor({ timeout: DEADLINE_MS });
    await this.page.locator(S.EXPLORER_ROW).first().waitFor({ timeout: DEADLINE_MS });
  }

  /** Runs a command from the command palette by its title, as shown there. */
  async runCommand(title: string): Promise<void> {
    await this.openPalette();
    await this.page.keyboard.type(title);
    // Rows are labelled "Title" or "Title, keybinding": match the title exactly ("File: Save" is not "File: Save All").
    const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const row = this.page.locator(S.QUICK_INPUT).getByRole('option', { name: new RegExp(`^${escaped}(,|$)`) }).first();
    await row.click({ timeout: DEADLINE_MS });
    await this.page.locator(S.QUICK_INPUT).waitFor({ state: 'hidden', timeout: DEADLINE_MS });
  }

  /** Opens a workspace file through Go to File (the palette without its `>`). */
  async openFile(relative: string): Promise<void> {
    const name = path.basename(relative);
    await this.openPalette();
    await this.page.keyboard.press('Backspace');
    await this.page.keyboard.type(relative);
    const row = this.page.locator(S.QUICK_INPUT_ROW, { hasText: name }).first();
    await row.waitFor({ timeout: DEADLINE_MS });
    await this.page.keyboard.press('Enter');
    await this.page.locator(S.ACTIVE_TAB, { hasText: name }).waitFor({ timeout: DEADLINE_MS });
    await this.page.locator(S.EDITOR_LINE).first().waitFor({ timeout: DEADLINE_MS });
  }

  /** The rendered editor line that contains `text` (only visible lines are rendered). */
  line(text: string): Locator {
    return this.page.locator(S.EDITOR_LINE, { hasText: text });
  }

  /** Puts the cursor on the line showing `text` (in the middle of its text) in the active editor. */
  async clickOn(text: string): Promise<void> {
    const line = this.line(text);
    await line.waitFor({ timeout: DEADLINE_MS });
    await line.locator('span').first().click();
  }

  /** Moves the mouse over the first squiggle of the given severity. */
  async hoverSquiggle(severity: keyof typeof S.SQUIGGLE = 'error'): Promise<void> {
    const squiggle = this.page.locator(S.SQUIGGLE[severity]).first();
    await squiggle.waitFor({ timeout: DEADLINE_MS });
    const box = await squiggle.boundingBox();
    if (!box) throw new Error('the squiggle has no box on screen');
    // The decoration lies under the text: point at the text it underlines.
    await this.page.mouse.move(box.x + box.width / 3, box.y + box.height / 2);
  }

  /** A workspace file's text as it is on disk (the editor renders only the lines in view). */
  readFile(relative: string): string {
    return fs.readFileSync(path.join(this.workspace, relative), 'utf8');
  }

  /** The content of the newest webview panel (an outer iframe hosting the content in `#active-frame`). */
  webview(): FrameLocator {
    return this.page.frameLocator(S.WEBVIEW).last().frameLocator(S.WEBVIEW_CONTENT);
  }

  private async openPalette(): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.page.locator(S.QUICK_INPUT).waitFor({ timeout: DEADLINE_MS });
  }
}
