/**
 * What only the screen shows: the squiggle, the Problems entry and its rule link, the Ctrl+. menu,
 * the hover, the walkthrough and the quiz. The extension is installed from the VSIX into a fresh
 * code-server, as a user would install it; screenshots of every step go to the artefacts folder.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { isNoise, launchBrowser } from '../harness/browser';
import { createProfile, installVsix, startCodeServer, userSettings, type CodeServer } from '../harness/codeServer';
import { freshWorkspace } from '../harness/workspace';
import * as S from './selectors';
import { Workbench } from './workbench';
import { walkthroughQuizScenario } from '../scenarios/walkthrough-quiz';
import { pipelineMapScenario } from '../scenarios/pipeline-map';
import { REPO_ROOT } from '../harness/paths';

export interface UiEnvironment {
  launcher: string;
  vsix: string;
  /** The unzipped VSIX's `extension/` folder (its manifest tells which commands exist). */
  extensionDir: string;
  work: string;
  artifacts: string;
}

const PAYMENTS = 'services/payments_consumer.py';
const COMMIT = 'consumer.commit(message=msg, asynchronous=False)';
const CHARGE = 'charge_card(event["order_id"], event["total_cents"])';

function contributedCommands(extensionDir: string): Map<string, string> {
  const manifest = JSON.parse(fs.readFileSync(path.join(extensionDir, 'package.json'), 'utf8')) as {
    contributes?: { commands?: { command: string; title: string; category?: string }[] };
  };
  return new Map((manifest.contributes?.commands ?? []).map((c) => [c.command, c.category ? `${c.category}: ${c.title}` : c.title]));
}

export function defineUiScenarios(env: UiEnvironment): void {
  describe('workbench UI (Playwright)', function () {
    let server: CodeServer;
    let browser: BrowserContext;
    let wb: Workbench;
    const consoleLines: string[] = [];

    before(async function () {
      fs.mkdirSync(env.artifacts, { recursive: true });
      const profile = createProfile(path.join(env.work, 'profile'), userSettings(false));
      installVsix(env.launcher, profile, env.vsix);
      const workspace = freshWorkspace(path.join(env.work, 'workspace'));
      server = await startCodeServer({
        launcher: env.launcher,
        profile,
        workspace,
        disableWorkspaceTrust: true,
        logFile: path.join(env.artifacts, 'code-server.log'),
      });
      browser = await launchBrowser(path.join(env.work, 'chromium'));
      const page = browser.pages()[0] ?? (await browser.newPage());
      page.on('console', (m) => {
        if (!isNoise(m.text())) consoleLines.push(`[${m.type()}] ${m.text()}`);
      });
      await page.goto(server.url(workspace));
      page.setDefaultTimeout(60_000);
      wb = new Workbench(page, workspace, path.join(env.artifacts, 'screenshots'));
      await wb.ready();
    });

    after(async function () {
      fs.writeFileSync(path.join(env.artifacts, 'browser-console.log'), consoleLines.join('\n') + '\n');
      await browser?.close().catch(() => undefined);
      await server?.stop();
    });

    afterEach(async function () {
      if (this.currentTest?.state === 'failed' && wb) await wb.shot('failed').catch(() => undefined);
    });

    it('shows a squiggle and a Problems entry whose rule code links to the rule page', async () => {
      await wb.openFile(PAYMENTS);
      await wb.page.locator(S.SQUIGGLE.error).first().waitFor();
      await wb.shot('squiggle');

      await wb.runCommand('Problems: Focus on Problems View');
      const row = wb.page.locator(S.PROBLEM_ROW, { hasText: 'Offset committed before `charge_card(...)` runs' });
      await row.waitFor();
      const link = row.locator(S.PROBLEM_CODE_LINK, { hasText: 'COM001' });
      assert.match((await link.getAttribute('href')) ?? '', /docs\/rules\/COM001\.md$/);
      await wb.shot('problems-panel');

      await link.click();
      const dialog = wb.page.locator(S.DIALOG, { hasText: 'docs/rules/COM001.md' });
      await dialog.waitFor();
      await wb.shot('rule-link-opens');
      await wb.page.locator(S.DIALOG_BUTTON, { hasText: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
    });

    it('explains the finding on hover', async () => {
      await wb.openFile(PAYMENTS);
      await wb.hoverSquiggle('error');
      const hover = wb.page.locator(S.HOVER, { hasText: 'Why it breaks' });
      await hover.waitFor();
      const text = await hover.innerText();
      assert.match(text, /COM001 commit-before-side-effect/);
      // Rendered markdown: the backticks became code spans.
      assert.match(text, /Move the commit after charge_card\(\.\.\.\)/);
      await wb.shot('hover');
      await wb.page.keyboard.press('Escape');
      await wb.page.mouse.move(5, 5);
      await hover.waitFor({ state: 'hidden' });
    });

    it('applies the quick fix from the Quick Fix menu and saves it to disk', async () => {
      const original = wb.readFile(PAYMENTS);
      await wb.openFile(PAYMENTS);
      await wb.page.locator(S.SQUIGGLE.error).first().waitFor();
      await wb.clickOn(COMMIT);
      await wb.runCommand('Quick Fix...');
      const fix = wb.page.locator(S.ACTION_ROW, { hasText: 'Move the commit after `charge_card(...)`' });
      await fix.waitFor();
      await wb.page.locator(S.ACTION_ROW, { hasText: 'Ignore COM001 on this line' }).waitFor();
      await wb.shot('quick-fix-menu');
      // The menu ignores clicks until the mouse moves over it; the safe fix is preselected, as for
      // anyone who presses Ctrl+. and Enter.
      await wb.page.locator(`${S.ACTION_ROW}.focused`, { hasText: 'Move the commit after `charge_card(...)`' }).waitFor();
      await wb.page.keyboard.press('Enter');
      await wb.page.locator(S.ACTION_WIDGET).waitFor({ state: 'hidden' });
      await wb.page.locator(S.DIRTY_TAB, { hasText: 'payments_consumer.py' }).waitFor();

      await wb.runCommand('File: Save');
      await wb.page.locator(S.CLEAN_TAB, { hasText: 'payments_consumer.py' }).waitFor();
      const expected = original.replace(`        ${COMMIT}\n        ${CHARGE}\n`, `        ${CHARGE}\n        ${COMMIT}\n`);
      assert.notEqual(expected, original, 'the fixture has the commit before the charge');
      assert.equal(wb.readFile(PAYMENTS), expected);
      await wb.page.locator(S.SQUIGGLE.error).first().waitFor({ state: 'detached' });
      await wb.shot('after-quick-fix');
    });

    it('pipeline map: the examples drawn as a graph, findings marked, a click opens the file', async () => {
      const examples = freshWorkspace(path.join(env.work, 'examples'), path.join(REPO_ROOT, 'examples'));
      await wb.page.goto(server.url(examples));
      await wb.ready();
      await pipelineMapScenario(wb.page, path.join(env.artifacts, 'screenshots'));
    });

    // Last: the scenario ends by reloading the window.
    it('walkthrough and quiz: snippet squiggled, right answers complete steps, altitude in orbit, state survives a reload', async function () {
      for (const command of ['pipelineSeams.openWalkthrough', 'pipelineSeams.openQuiz']) {
        assert.ok(contributedCommands(env.extensionDir).has(command), `${command} is contributed`);
      }
      await walkthroughQuizScenario(wb.page, path.join(env.artifacts, 'screenshots', 'walkthrough-quiz'));
    });
  });
}
