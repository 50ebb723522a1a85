/** Messages from the map panel's webview, checked before anything acts on them. */

export type FromMapWebview = { type: 'ready' } | { type: 'refresh' } | { type: 'open'; path: string; line: number; character: number };

const isPosition = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/**
 * Messages from the panel are not trusted: a file may be opened only if the map shown holds it,
 * at a real position.
 */
export function parseMapMessage(raw: unknown, knownPaths: ReadonlySet<string>): FromMapWebview | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const m = raw as Record<string, unknown>;
  if (m.type === 'ready' || m.type === 'refresh') return { type: m.type };
  if (m.type === 'open' && typeof m.path === 'string' && knownPaths.has(m.path) && isPosition(m.line) && isPosition(m.character)) {
    return { type: 'open', path: m.path, line: m.line, character: m.character };
  }
  return undefined;
}
