/**
 * The quiz panel's HTML: a strict Content Security Policy (nothing remote, no inline style, only
 * the script carrying this load's nonce), one stylesheet and one script shipped with the extension.
 * The content itself is rendered by the script from the view model, never spliced into markup here.
 */
import { randomBytes } from 'node:crypto';

export interface QuizHtmlInput {
  /** `webview.cspSource`. */
  cspSource: string;
  nonce: string;
  /** `webview.asWebviewUri(...)` of the script and the stylesheet, as strings. */
  scriptUri: string;
  styleUri: string;
}

export function createNonce(): string {
  return randomBytes(24).toString('base64url');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${cspSource}`,
  ].join('; ');
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function quizHtml(input: QuizHtmlInput): string {
  if (!/^[A-Za-z0-9_-]{16,}$/.test(input.nonce)) throw new Error('the nonce must be at least 16 URL-safe characters');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(input.cspSource, input.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(input.styleUri)}">
<title>Pipeline Seams quiz</title>
</head>
<body>
<main id="app" aria-busy="true">
<p class="loading">Loading the quiz…</p>
</main>
<div id="announcer" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true"></div>
<script nonce="${input.nonce}" src="${attr(input.scriptUri)}"></script>
</body>
</html>
`;
}
