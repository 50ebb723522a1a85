/**
 * The HTML shell every panel of the extension uses: a strict Content Security Policy (nothing
 * remote, no inline style, only the script carrying this load's nonce), one stylesheet and one
 * script shipped with the extension. Content is rendered by the script, never spliced in here.
 */
import { randomBytes } from 'node:crypto';

export interface WebviewPageInput {
  /** `webview.cspSource`. */
  cspSource: string;
  nonce: string;
  /** `webview.asWebviewUri(...)` of the script and the stylesheet, as strings. */
  scriptUri: string;
  styleUri: string;
  title: string;
  /** Static markup the script fills in (no data from outside). */
  body: string;
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

export function webviewPage(input: WebviewPageInput): string {
  if (!/^[A-Za-z0-9_-]{16,}$/.test(input.nonce)) throw new Error('the nonce must be at least 16 URL-safe characters');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(input.cspSource, input.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(input.styleUri)}">
<title>${attr(input.title)}</title>
</head>
<body>
${input.body}
<script nonce="${input.nonce}" src="${attr(input.scriptUri)}"></script>
</body>
</html>
`;
}
