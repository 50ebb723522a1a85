/**
 * Real-editor scenario: the pipeline map panel. Opens it through F1 and the command title, waits
 * for the SVG to draw nodes for the outbox table, a connector, a topic and a consumer, checks that
 * findings are marked, clicks the payments consumer and waits for its file to open in an editor.
 * A screenshot after each step.
 *
 * Given a Playwright page with the workbench loaded: the extension installed and the folder
 * `examples/` of this repository open as the workspace (the map reads the workspace index the
 * server builds from it), and a directory for screenshots. Waits on state, never on time.
 */
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { frameWith } from './frames';

const TIMEOUT = 60_000;
const COMMAND_TITLE = 'Pipeline Seams: Show Pipeline Map';

export const MAP_SELECTORS = {
  paletteInput: '.quick-input-widget input',
  paletteRow: '.quick-input-list .monaco-list-row',
  mapTab: '.tabs-container .tab[aria-label*="Pipeline Map"]',
  webviewFrame: 'iframe.webview',
  // inside the panel's webview
  mapReady: '#map[aria-busy="false"] svg',
  node: (kind: string, label: string) => `g.node.${kind}[aria-label^="${label}"]`,
  flaggedNode: 'g.node.error',
  flaggedEdge: 'g.edge.flagged',
  editorTab: (name: string) => `.tabs-container .tab[aria-label*="${name}"]`,
} as const;

export async function pipelineMapScenario(page: Page, artifacts: string): Promise<void> {
  let shot = 0;
  const screenshot = async (name: string) => {
    await page.screenshot({ path: path.join(artifacts, `map-${String(++shot).padStart(2, '0')}-${name}.png`) });
  };

  await page.keyboard.press('F1');
  await page.locator(MAP_SELECTORS.paletteInput).fill(`>${COMMAND_TITLE}`);
  await page.locator(MAP_SELECTORS.paletteRow, { hasText: COMMAND_TITLE }).first().waitFor({ timeout: TIMEOUT });
  await screenshot('palette');
  await page.keyboard.press('Enter');
  await page.locator(MAP_SELECTORS.mapTab).waitFor({ timeout: TIMEOUT });

  const frame = await frameWith(page, MAP_SELECTORS.mapReady, TIMEOUT);
  for (const [kind, label] of [
    ['table', 'outbox'],
    ['connector', 'orders-outbox'],
    ['topic', 'orders.placed'],
    ['service', 'payments/payments_consumer.py'],
  ] as const) {
    await frame.locator(MAP_SELECTORS.node(kind, label)).first().waitFor({ timeout: TIMEOUT });
  }
  await frame.locator(MAP_SELECTORS.flaggedNode).first().waitFor({ timeout: TIMEOUT });
  await frame.locator(MAP_SELECTORS.flaggedEdge).first().waitFor({ timeout: TIMEOUT });
  await screenshot('map');

  await frame.locator(MAP_SELECTORS.node('service', 'payments/payments_consumer.py')).first().click();
  await page.locator(MAP_SELECTORS.editorTab('payments_consumer.py')).waitFor({ timeout: TIMEOUT });
  await screenshot('opened-consumer');
}
