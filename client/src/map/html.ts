/** The pipeline map panel's HTML: the extension's webview shell around the map's placeholders. */
import { webviewPage } from '../webviewPage';

export function mapHtml(input: { cspSource: string; nonce: string; scriptUri: string; styleUri: string }): string {
  return webviewPage({
    ...input,
    title: 'Pipeline map',
    body: `<header><h1>Pipeline map</h1><span id="summary" role="status" aria-live="polite"></span><button id="refresh" type="button">Refresh</button></header>
<main id="map" aria-busy="true"><p class="loading">Reading the workspace…</p></main>`,
  });
}
