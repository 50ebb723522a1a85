/**
 * Finding and reading the files to check. Directories are walked honouring `.gitignore` files
 * (at every level), never entering `node_modules` or `.git`; files no rule reads are passed over
 * silently. Binary, oversized and undecodable files are skipped with a note, not an error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { MAX_INPUT_SIZE, skipReason } from '../engine/limits';
import { detectKind, type FileKind } from '../parsing/fileKinds';

const ALWAYS_SKIPPED = new Set(['node_modules', '.git']);

export interface Candidate {
  /** Absolute path. */
  path: string;
  kind: FileKind;
}

export interface Walk {
  files: Candidate[];
  notes: string[];
  /** Paths that do not exist (a usage error). */
  missing: string[];
  /** A limit stopped the walk before it saw every file. */
  truncated?: boolean;
}

/** Bounds for walking trees of unknown size (the editor's workspace scan). */
export interface WalkLimits {
  /** Stop once this many candidate files were found. */
  maxFiles?: number;
  /** Stop after visiting this many directory entries, candidates or not. */
  maxEntries?: number;
}

interface IgnoreLayer {
  dir: string;
  rules: Ignore;
}

export function collectFiles(inputs: readonly string[], cwd: string, limits: WalkLimits = {}): Walk {
  const files: Candidate[] = [];
  const notes: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const maxFiles = limits.maxFiles ?? Infinity;
  const maxEntries = limits.maxEntries ?? Infinity;
  let entries = 0;
  let truncated = false;
  const add = (file: string, kind: FileKind) => {
    if (seen.has(file)) return;
    seen.add(file);
    files.push({ path: file, kind });
  };
  const budget: WalkBudget = {
    visit: () => {
      if (files.length >= maxFiles || ++entries > maxEntries) truncated = true;
      return !truncated;
    },
  };
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      missing.push(input);
      continue;
    }
    if (stat.isDirectory()) {
      walk(abs, inheritedIgnores(abs), add, budget);
    } else {
      const kind = detectKind(abs);
      // An explicitly named file is checked even if ignored; an unknown kind deserves a word.
      if (kind) add(abs, kind);
      else notes.push(`${input}: skipped, no rule reads this kind of file`);
    }
  }
  return truncated ? { files, notes, missing, truncated } : { files, notes, missing };
}

interface WalkBudget {
  /** Called before each directory entry; false stops the walk. */
  visit(): boolean;
}

/** `.gitignore` files above a starting directory, up to the repository root. */
function inheritedIgnores(start: string): IgnoreLayer[] {
  const layers: IgnoreLayer[] = [];
  let dir = path.dirname(start);
  for (;;) {
    const layer = readIgnore(dir);
    if (layer) layers.unshift(layer);
    if (fs.existsSync(path.join(dir, '.git'))) break;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return layers;
}

function readIgnore(dir: string): IgnoreLayer | undefined {
  try {
    const text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
    return { dir, rules: ignore().add(text) };
  } catch {
    return undefined;
  }
}

function isIgnored(layers: readonly IgnoreLayer[], abs: string, isDir: boolean): boolean {
  for (const layer of layers) {
    const rel = path.relative(layer.dir, abs).split(path.sep).join('/');
    if (!rel || rel.startsWith('..')) continue;
    if (layer.rules.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

function walk(dir: string, parentLayers: IgnoreLayer[], add: (file: string, kind: FileKind) => void, budget: WalkBudget): void {
  const own = readIgnore(dir);
  const layers = own ? [...parentLayers, own] : parentLayers;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (!budget.visit()) return;
    const abs = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (ALWAYS_SKIPPED.has(entry.name) || isIgnored(layers, abs, true)) continue;
      walk(abs, layers, add, budget);
    } else if (entry.isFile()) {
      if (isIgnored(layers, abs, false)) continue;
      const kind = detectKind(abs);
      if (kind) add(abs, kind);
    }
  }
}

export type Encoding = 'utf8' | 'utf16le' | 'utf16be';
export type ReadResult = { ok: true; text: string; bom: boolean; encoding: Encoding } | { ok: false; reason: string };

/** Reads a file as text: UTF-8 (BOM allowed) or UTF-16 with a BOM; anything else is skipped. */
export function readSource(file: string, maxBytes = MAX_INPUT_SIZE): ReadResult {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (e) {
    return { ok: false, reason: `cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  const tooLarge = skipReason(size, maxBytes);
  if (tooLarge) return { ok: false, reason: tooLarge };
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    return { ok: false, reason: `cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { ok: true, text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), bom: true, encoding: 'utf16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { ok: true, text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), bom: true, encoding: 'utf16be' };
  }
  if (bytes.subarray(0, 8192).includes(0)) return { ok: false, reason: 'binary file' };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bom ? bytes.subarray(3) : bytes);
    return { ok: true, text, bom, encoding: 'utf8' };
  } catch {
    return { ok: false, reason: 'not valid UTF-8' };
  }
}

/** Writes text back in the encoding it was read in, byte order mark included. */
export function writeSource(file: string, text: string, encoding: Encoding, bom: boolean): void {
  let body: Buffer;
  if (encoding === 'utf8') body = Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
  else {
    const le = Buffer.from(text, 'utf16le');
    if (encoding === 'utf16be') le.swap16();
    body = Buffer.concat([Buffer.from(encoding === 'utf16le' ? [0xff, 0xfe] : [0xfe, 0xff]), le]);
  }
  fs.writeFileSync(file, body);
}
