/**
 * Keeping credentials out of what we print. Findings never quote other keys' values, but a code
 * frame shows whole source lines, and the line next to a flagged setting is often a password.
 * Lines shown to people pass through `redactSecrets` first.
 */

const SECRET_WORDS = 'password|passwd|passphrase|pwd|secret|token|credential|jaas|private[._-]?key|access[._-]?key|api[._-]?key|auth[._-]?key|sas[._-]?key';

/** `"key": "value"`, `key: value`, `key=value`, `key = 'value'`, `password="…"` (kwargs), for secret-like keys. */
const KEY_VALUE = new RegExp(
  `(["']?)([A-Za-z0-9_.\\-]*(?:${SECRET_WORDS})[A-Za-z0-9_.\\-]*)\\1(\\s*[:=]\\s*)("(?:[^"\\\\]|\\\\.)*"?|'[^']*'?|[^\\s,}\\]#([]+(?=[\\s,}\\]#;]|$))`,
  'gi',
);

/** `scheme://user:secret@host` */
const URL_USERINFO = /([a-z][a-z0-9+.-]*:\/\/[^\s:/@"']+:)([^\s@/"']+)(@)/gi;

export const REDACTED = '****';

export function redactSecrets(line: string): string {
  return line
    .replace(KEY_VALUE, (_m, quote: string, key: string, sep: string, value: string) => {
      const q = value.startsWith('"') ? '"' : value.startsWith("'") ? "'" : '';
      const closed = q && value.length > 1 && value.endsWith(q) ? q : '';
      return `${quote}${key}${quote}${sep}${q}${REDACTED}${closed}`;
    })
    .replace(URL_USERINFO, (_m, before: string, _secret: string, at: string) => `${before}${REDACTED}${at}`);
}
