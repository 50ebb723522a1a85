/**
 * Webviews render in nested iframes that come and go. Finding the one that shows a selector is a race
 * between "an existing frame renders it" and "a new frame is attached": both are Playwright waits on
 * the page's own events, so nothing here sleeps.
 */
import type { Frame, Page } from 'playwright-core';

export async function frameWith(page: Page, selector: string, timeout: number): Promise<Frame> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new Error(`no webview frame showed ${selector}`);
    const rendered = page
      .frames()
      .filter((frame) => !frame.isDetached())
      .map((frame) => frame.locator(selector).first().waitFor({ timeout: remaining }).then(() => frame));
    const attached = page.waitForEvent('frameattached', { timeout: remaining }).then(() => undefined);
    // Promise.any handles every rejection, including those of the waits that lose the race.
    const winner = await Promise.any([...rendered, attached]).catch(() => undefined);
    if (winner) return winner;
  }
}
