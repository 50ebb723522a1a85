/**
 * Which parser reads a file, decided by its name (and, for unsaved editor buffers, by the
 * editor's language id). One kind per input format the rule catalogue needs.
 */
import * as path from 'node:path';

export type CodeKind = 'python' | 'typescript' | 'tsx' | 'javascript' | 'java' | 'go';
export type FileKind = CodeKind | 'shell' | 'sql' | 'json' | 'yaml' | 'properties' | 'pgconf';

export const CODE_KINDS: readonly CodeKind[] = ['python', 'typescript', 'tsx', 'javascript', 'java', 'go'];
export const FILE_KINDS: readonly FileKind[] = [...CODE_KINDS, 'shell', 'sql', 'json', 'yaml', 'properties', 'pgconf'];

export function isCodeKind(kind: FileKind): kind is CodeKind {
  return (CODE_KINDS as readonly string[]).includes(kind);
}

const BY_EXTENSION: Record<string, FileKind> = {
  '.py': 'python',
  '.pyi': 'python',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.java': 'java',
  '.go': 'go',
  '.sh': 'shell',
  '.bash': 'shell',
  '.sql': 'sql',
  '.psql': 'sql',
  '.pgsql': 'sql',
  '.json': 'json',
  '.jsonc': 'json',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.properties': 'properties',
};

const BY_LANGUAGE_ID: Record<string, FileKind> = {
  python: 'python',
  typescript: 'typescript',
  typescriptreact: 'tsx',
  javascript: 'javascript',
  javascriptreact: 'javascript',
  java: 'java',
  go: 'go',
  shellscript: 'shell',
  sql: 'sql',
  json: 'json',
  jsonc: 'json',
  yaml: 'yaml',
  dockercompose: 'yaml',
  properties: 'properties',
  'postgresql-conf': 'pgconf',
};

/** `postgresql.conf`, `postgresql.auto.conf`, `postgresql-replica.conf`, … */
const PGCONF_NAME = /^postgresql[\w.-]*\.conf$/i;

/**
 * The kind of a file, or undefined when no rule reads it. The file name wins over the
 * language id: VS Code calls every `.conf` file `properties`, but `postgresql.conf` is not one.
 */
export function detectKind(filePath: string, languageId?: string): FileKind | undefined {
  const base = path.basename(filePath);
  if (PGCONF_NAME.test(base)) return 'pgconf';
  const ext = path.extname(base).toLowerCase();
  const byExt = BY_EXTENSION[ext];
  if (byExt) return byExt;
  if (languageId && languageId !== 'properties') return BY_LANGUAGE_ID[languageId];
  if (languageId === 'properties' && ext !== '.conf') return 'properties';
  return undefined;
}

/** How a line comment starts in each kind; used to find and to write suppression comments. */
export const LINE_COMMENT: Record<FileKind, string | undefined> = {
  python: '#',
  typescript: '//',
  tsx: '//',
  javascript: '//',
  java: '//',
  go: '//',
  shell: '#',
  sql: '--',
  json: undefined,
  yaml: '#',
  properties: '#',
  pgconf: '#',
};
