/**
 * The quiz panel's HTML: the extension's webview shell (strict CSP with a nonce) around the quiz's
 * placeholders. The content itself is rendered by the script from the view model.
 */
import { webviewPage, type WebviewPageInput } from '../webviewPage';

export { contentSecurityPolicy, createNonce } from '../webviewPage';

export type QuizHtmlInput = Omit<WebviewPageInput, 'title' | 'body'>;

export function quizHtml(input: QuizHtmlInput): string {
  return webviewPage({
    ...input,
    title: 'Pipeline Seams quiz',
    body: `<main id="app" aria-busy="true">
<p class="loading">Loading the quiz…</p>
</main>
<div id="announcer" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true"></div>`,
  });
}
