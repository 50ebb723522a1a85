/** File URIs ↔ paths. Unsaved documents (`untitled:`) have no path; they are linted by language id. */
import { fileURLToPath, pathToFileURL } from 'node:url';

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

/** A name to detect the file kind from: the path, or the last segment of a non-file URI. */
export function nameForKind(uri: string): string {
  return uriToPath(uri) ?? decodeURIComponent(uri.replace(/^[a-z-]+:/i, '').split(/[/\\]/).pop() ?? uri);
}
