/**
 * `pipeline-seams check`: collect files, lint (or fix) each, and gather what the formatters print.
 * Checking one file is a pure function of its path and the options, so files can be spread over
 * worker threads. Each file is parsed once: the single-file rules and the extraction of its facts
 * share the parse. Once every file is checked, the facts form the workspace index, and the
 * cross-file rules run over each file's facts (no second parse); the few files whose single-file
 * findings read the index (connector configs, migrations that create tables) are linted again
 * with it. When fixing, the facts are read once before the fixes too, so a fix does not add what
 * another file provides (a primary key that the next migration adds).
 */
import * as path from 'node:path';
import { activeRules, ConfigLocator, isIgnoredFile, loadConfigFile, type ProjectConfig } from '../engine/config';
import { fixAll } from '../engine/fixes';
import { applicableRules, lint, lintFile, prepareFor } from '../engine/lint';
import type { Finding, Rule } from '../engine/types';
import { lintWorkspace, mergeFindings } from '../engine/workspaceLint';
import { parseDocument, prepareParser } from '../parsing/document';
import type { FileKind } from '../parsing/fileKinds';
import { RULE_CODES, RULES, WORKSPACE_RULES } from '../rules';
import { UsageError, type CheckOptions } from './args';
import { extractFacts, factParsers, mayHaveFacts, type FileFacts } from '../workspace/facts';
import { collectFiles, readSource, writeSource } from '../workspace/sourceFiles';
import { readsWorkspace, WorkspaceIndex } from '../workspace/workspaceIndex';
import { checkInWorkers, threadCount } from './workers';
import { errorText } from '../engine/errors';

export interface FileResult {
  /** Absolute path. */
  path: string;
  /** Path relative to the working directory, with forward slashes. */
  displayPath: string;
  kind: FileKind;
  /** The text the findings refer to (after fixes, when fixing). */
  text: string;
  findings: Finding[];
  /** Fixes applied to this file (with --fix). */
  fixed: number;
  /** What the file tells the workspace index (undefined when it tells nothing). */
  facts?: FileFacts;
}

export interface CheckResult {
  files: FileResult[];
  /** Files skipped (binary, too large, undecodable, unknown kind) and other remarks, for stderr. */
  notes: string[];
  /** Internal errors (a rule that threw): the run exits 2. */
  errors: string[];
  checkedFiles: number;
  /** The working directory paths are shown relative to. */
  cwd: string;
  /** The workspace index built from the checked files. */
  index?: WorkspaceIndex;
}

/** A path relative to the working directory (`../x` for files above it), with forward slashes. */
export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  // another drive on Windows has no relative path
  return (path.isAbsolute(rel) ? file : rel).split(path.sep).join('/');
}

/** Resolves configs once per directory (or the one given with --config). Throws ConfigError. */
export class ConfigResolver {
  private readonly explicit: ProjectConfig | undefined;
  private readonly locator = new ConfigLocator(RULE_CODES);

  constructor(configFile: string | undefined, cwd: string) {
    this.explicit = configFile ? loadConfigFile(path.resolve(cwd, configFile), RULE_CODES) : undefined;
  }

  forFile(file: string): ProjectConfig {
    return this.explicit ?? this.locator.forFile(file);
  }
}

export interface FileOutcome {
  result?: FileResult;
  note?: string;
  errors: string[];
}

export async function checkFile(
  file: { path: string; kind: FileKind },
  options: CheckOptions,
  config: ProjectConfig,
  cwd: string,
  rules: readonly Rule[] = RULES,
  workspace?: WorkspaceIndex,
): Promise<FileOutcome> {
  const shown = displayPath(file.path, cwd);
  if (isIgnoredFile(config, file.path)) return { errors: [] };
  const source = readSource(file.path);
  if (!source.ok) return { note: `${shown}: skipped, ${source.reason}`, errors: [] };
  const active = activeRules(rules, config, file.path, { select: options.select, ignore: options.ignore });
  const errors: string[] = [];
  const onRuleError = ruleErrorsTo(errors, shown);
  const sourceFile = { path: file.path, kind: file.kind, text: source.text };
  if (options.fix) {
    const outcome = await fixAll(sourceFile, active, { allowUnsafe: options.unsafeFixes, onRuleError, ...(workspace ? { workspace } : {}) });
    if (outcome.text !== source.text) writeSource(file.path, outcome.text, source.encoding, source.bom);
    // unchanged by the fixes: its facts are the ones read before fixing (no third parse)
    const facts = (outcome.text === source.text ? workspace?.get(file.path) : undefined) ?? (await factsOf({ ...sourceFile, text: outcome.text }));
    return {
      result: { path: file.path, displayPath: shown, kind: file.kind, text: outcome.text, findings: outcome.remaining, fixed: outcome.fixed, ...(facts ? { facts } : {}) },
      errors,
    };
  }
  const lintsIt = applicableRules(file.kind, source.text, active).length > 0;
  const wantsFacts = mayHaveFacts(file.kind, source.text);
  let findings: Finding[] = [];
  let facts: FileFacts | undefined;
  if (lintsIt || wantsFacts) {
    await prepareFor(file.kind, active);
    if (wantsFacts) await Promise.all(factParsers(file.kind).map((k) => prepareParser(k)));
    const doc = parseDocument(sourceFile);
    try {
      if (lintsIt) findings = lint(doc, active, onRuleError);
      if (wantsFacts) facts = extractFacts(doc);
    } finally {
      doc.dispose();
    }
  }
  return { result: { path: file.path, displayPath: shown, kind: file.kind, text: source.text, findings, fixed: 0, ...(facts ? { facts } : {}) }, errors };
}

/** Parses a text only to read its facts (after fixes changed it). */
async function factsOf(file: { path: string; kind: FileKind; text: string }): Promise<FileFacts | undefined> {
  if (!mayHaveFacts(file.kind, file.text)) return undefined;
  await Promise.all([file.kind, ...factParsers(file.kind)].map((k) => prepareParser(k)));
  const doc = parseDocument(file);
  try {
    return extractFacts(doc);
  } finally {
    doc.dispose();
  }
}

export async function runCheck(options: CheckOptions, cwd: string): Promise<CheckResult> {
  const configs = new ConfigResolver(options.config, cwd);
  const walk = collectFiles(options.paths, cwd);
  if (walk.missing.length > 0) throw new UsageError(`no such file or directory: ${walk.missing.join(', ')}`);
  const result: CheckResult = { files: [], notes: [...walk.notes], errors: [], checkedFiles: 0, cwd };
  const threads = threadCount(options.threads, walk.files.length, __filename);
  const before = options.fix ? await indexBeforeFixing(walk.files, configs) : undefined;
  let outcomes: FileOutcome[];
  if (threads > 1) {
    outcomes = await checkInWorkers(walk.files, options, cwd, threads, before?.all());
  } else {
    outcomes = [];
    for (const file of walk.files) outcomes.push(await checkFile(file, options, configs.forFile(file.path), cwd, RULES, before));
  }
  for (const outcome of outcomes) {
    if (outcome.note) result.notes.push(outcome.note);
    result.errors.push(...outcome.errors);
    if (outcome.result) {
      result.checkedFiles++;
      result.files.push(outcome.result);
    }
  }
  result.index = await crossFileCheck(result, options, configs);
  result.files.sort((a, b) => (a.displayPath < b.displayPath ? -1 : a.displayPath > b.displayPath ? 1 : 0));
  result.notes.sort();
  return result;
}

/** The facts of the files as they are before any fix, for the rules that read the index while fixing. */
async function indexBeforeFixing(files: readonly { path: string; kind: FileKind }[], configs: ConfigResolver): Promise<WorkspaceIndex> {
  const all: FileFacts[] = [];
  for (const file of files) {
    if (isIgnoredFile(configs.forFile(file.path), file.path)) continue;
    const source = readSource(file.path);
    if (!source.ok) continue;
    const facts = await factsOf({ path: file.path, kind: file.kind, text: source.text });
    if (facts) all.push(facts);
  }
  return WorkspaceIndex.from(all);
}

/** Indexes the facts of the checked files, then runs what reads the index. */
async function crossFileCheck(result: CheckResult, options: CheckOptions, configs: ConfigResolver): Promise<WorkspaceIndex> {
  const index = WorkspaceIndex.from(result.files.flatMap((f) => (f.facts ? [f.facts] : [])));
  if (index.truncated) result.notes.push('the workspace has more files with pipeline facts than the index keeps; cross-file rules saw part of them');
  const selection = { select: options.select, ignore: options.ignore };
  for (const file of result.files) {
    if (!file.facts) continue;
    const config = configs.forFile(file.path);
    if (readsWorkspace(file.facts, index)) {
      const active = activeRules(RULES, config, file.path, selection);
      if (active.some((r) => r.rule.kinds.includes(file.kind))) {
        file.findings = await lintFile({ path: file.path, kind: file.kind, text: file.text }, active, ruleErrorsTo(result.errors, file.displayPath), index);
      }
    }
    const workspaceRules = activeRules(WORKSPACE_RULES, config, file.path, selection);
    const cross = lintWorkspace(file.facts, index, workspaceRules, ruleErrorsTo(result.errors, file.displayPath));
    if (cross.length > 0) file.findings = mergeFindings(file.findings, cross);
  }
  return index;
}

/** Collects a rule's failure on a file as one error line (the other rules of the file still ran). */
function ruleErrorsTo(errors: string[], shown: string): (rule: { code: string }, error: unknown) => void {
  return (rule, error) => {
    errors.push(`${shown}: rule ${rule.code} failed: ${errorText(error)}`);
  };
}
