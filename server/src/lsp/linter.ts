/**
 * Linting open documents: one lint per document version, newest wins. Typing bursts are coalesced,
 * a lint whose document changed while its parsers loaded is dropped, and a document that fails is
 * logged and cleared without stopping the others.
 */
import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { activeRules, isIgnoredFile } from '../engine/config';
import { skipReason } from '../engine/limits';
import { changedRegion } from '../engine/textDiff';
import { applicableRules, lint, prepareFor } from '../engine/lint';
import type { ActiveRule, ActiveWorkspaceRule, Rule, WorkspaceRule, Finding } from '../engine/types';
import { lintWorkspace, mergeFindings } from '../engine/workspaceLint';
import { prepareParser } from '../parsing/document';
import { detectKind } from '../parsing/fileKinds';
import { RULES, WORKSPACE_RULES } from '../rules';
import { extractFacts, factParsers, mayHaveFacts } from '../workspace/facts';
import { toDiagnostic } from './diagnostics';
import { parseFault, readFaults, withFaultyRules } from './faults';
import type { DocumentStates, DocumentState } from './documentState';
import type { ProjectConfigs } from './projectConfigs';
import type { SettingsStore } from './settings';
import { nameForKind, pathToUri, uriToPath } from './uris';
import type { WorkspaceFacts } from './workspaceFacts';
import { errorText } from '../engine/errors';

/** Quiet time after a keystroke before linting; short enough to feel live. */
export const DEBOUNCE_MS = 40;
/**
 * Quiet time after a keystroke before reading the document's workspace facts (what other files'
 * cross-file findings depend on): those need not follow every keystroke, and reading them (a
 * database model, topics) costs as much again as the lint.
 */
export const FACTS_DELAY_MS = 300;

export interface LinterDeps {
  connection: Connection;
  states: DocumentStates;
  settings: SettingsStore;
  configs: ProjectConfigs;
  document: (uri: string) => TextDocument | undefined;
  log: (message: string, level?: 'info' | 'error') => void;
  /** The workspace index; cross-file rules run only with it. */
  workspace?: WorkspaceFacts;
  /** The facts of an open document changed these keys: re-check the documents that depend on them. */
  factsChanged?: (keys: Set<string>, uri: string) => void;
}

interface Pending {
  version: number;
  cancel: () => void;
}

export class Linter {
  private readonly pending = new Map<string, Pending>();
  /** Facts passes waiting for typing to pause, by document. */
  private readonly pendingFacts = new Map<string, NodeJS.Timeout>();
  private readonly reportedRuleErrors = new Set<string>();
  private readonly skippedNotices = new Set<string>();
  private readonly faults = readFaults();
  /** With PIPELINE_SEAMS_TIMINGS=1 the server reports each lint's duration (for the benchmark). */
  private readonly timings = process.env.PIPELINE_SEAMS_TIMINGS === '1';
  /** Bumped when settings or project config change: lints begun before that are dropped. */
  private generation = 0;

  constructor(private readonly deps: LinterDeps) {}

  /**
   * Lint a document version soon (after typing pauses), or now. Scheduling the version already
   * pending does nothing: opening a document reports it both as opened and as changed.
   */
  schedule(uri: string, version: number, immediately = false): void {
    const existing = this.pending.get(uri);
    if (existing && existing.version === version && !immediately) return;
    existing?.cancel();
    const run = () => {
      this.pending.delete(uri);
      this.lintNow(uri, { typing: !immediately }).catch((e: unknown) => this.deps.log(`Linting ${uri} failed: ${errorText(e)}`));
    };
    if (immediately) {
      const handle = setImmediate(run);
      this.pending.set(uri, { version, cancel: () => clearImmediate(handle) });
    } else {
      const handle = setTimeout(run, DEBOUNCE_MS);
      this.pending.set(uri, { version, cancel: () => clearTimeout(handle) });
    }
  }

  cancel(uri: string): void {
    this.pending.get(uri)?.cancel();
    this.pending.delete(uri);
    clearTimeout(this.pendingFacts.get(uri));
    this.pendingFacts.delete(uri);
  }

  /** The document closed: nothing about it is kept. */
  forget(uri: string): void {
    this.cancel(uri);
    this.skippedNotices.delete(uri);
  }

  /** Settings or project config changed: results computed with the old ones must not be published. */
  invalidate(): void {
    this.generation++;
  }

  /** The rules that apply to a document with its current settings and project config. */
  async rulesFor(uri: string): Promise<ActiveRule[] | undefined> {
    return (await this.allRulesFor(uri))?.rules;
  }

  private async allRulesFor(uri: string): Promise<{ rules: ActiveRule[]; workspaceRules: ActiveWorkspaceRule[] } | undefined> {
    const settings = await this.deps.settings.get(uri);
    if (!settings.enable) return undefined;
    const path = uriToPath(uri);
    const config = this.deps.configs.forFile(path);
    if (path && isIgnoredFile(config, path)) return undefined;
    const file = path ?? nameForKind(uri);
    return {
      rules: withFaultyRules(activeRules(RULES, config, file, { overrides: settings.rules }), this.faults),
      workspaceRules: activeRules(WORKSPACE_RULES, config, file, { overrides: settings.rules }),
    };
  }

  /** `typing`: the lint follows an edit, so the document's facts are read once typing pauses. */
  async lintNow(uri: string, options: { typing?: boolean } = {}): Promise<void> {
    const { connection, states } = this.deps;
    const textDocument = this.deps.document(uri);
    if (!textDocument) return;
    const version = textDocument.version;
    const generation = this.generation;
    const started = performance.now();
    // After every wait: a newer version, a closed document or changed settings make this lint stale;
    // whoever caused that has scheduled the lint that counts.
    const stale = () => this.generation !== generation || this.deps.document(uri)?.version !== version;
    const kind = detectKind(nameForKind(uri), textDocument.languageId);
    const selected = kind ? await this.allRulesFor(uri) : undefined;
    const rules = selected?.rules;
    const workspaceRules = selected?.workspaceRules ?? [];
    if (stale()) return;
    if (!kind || !rules || rules.length + workspaceRules.length === 0) {
      states.delete(uri);
      // not checked (disabled, ignored): the workspace hears about this file from disk again
      const path = uriToPath(uri);
      if (path) void this.deps.workspace?.closed(path);
      await connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    const text = textDocument.getText();
    const tooLarge = skipReason(text.length);
    if (tooLarge) {
      states.delete(uri);
      if (!this.skippedNotices.has(uri)) {
        this.skippedNotices.add(uri);
        this.deps.log(`Not checking ${uri}: ${tooLarge}`, 'info');
      }
      await connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    const path = uriToPath(uri);
    const workspace = path ? this.deps.workspace : undefined;
    const wantsFacts = !!workspace && mayHaveFacts(kind, text);
    if (!wantsFacts && applicableRules(kind, text, rules).length === 0) {
      // nothing in the text any rule looks for: no parse needed
      states.delete(uri);
      const changed = workspace && path ? workspace.setOpen(path, undefined) : undefined;
      await connection.sendDiagnostics({ uri, version, diagnostics: [] });
      if (changed && changed.size > 0) this.deps.factsChanged?.(changed, uri);
      return;
    }
    await prepareFor(kind, rules);
    if (wantsFacts) await Promise.all(factParsers(kind).map((k) => prepareParser(k)));
    if (stale()) return;
    let state: DocumentState;
    let parseMs = 0;
    let lintMs = 0;
    let lintEnd = 0;
    let beforeMs = 0;
    // Cross-file findings of the previous version, moved along with the edit: shown at once, then
    // recomputed below from this version's facts (and republished only if they differ).
    const previous = states.get(uri);
    const carried = previous && previous.kind === kind ? carryThroughEdit(previous.cross ?? [], previous.doc.text, text) : [];
    try {
      parseFault(this.faults, uri);
      const parseStart = performance.now();
      state = states.parse(uri, version, path ?? nameForKind(uri), kind, text);
      // until this version's facts are read, the last ones read stand for it (other files' re-checks)
      if (state !== previous && previous && previous.kind === kind) state.facts ??= previous.facts;
      const lintStart = performance.now();
      state.own = lint(state.doc, rules, (rule, error) => this.ruleFailed(rule, error, uri), workspace?.index);
      state.cross = carried;
      state.findings = mergeFindings(state.own, carried);
      lintEnd = performance.now();
      parseMs = lintStart - parseStart;
      lintMs = lintEnd - lintStart;
      beforeMs = parseStart - started;
    } catch (e) {
      states.delete(uri);
      this.deps.log(`Could not check ${uri}: ${errorText(e)}`);
      await connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    const publish = () =>
      connection.sendDiagnostics({ uri, version, diagnostics: state.findings.map((f) => toDiagnostic(f, state.doc.lines, version, pathToUri)) });
    await publish();
    if (this.timings) {
      const total = performance.now() - started;
      void connection.sendNotification('pipelineSeams/timing', { uri, version, totalMs: total, parseMs, lintMs, beforeMs, publishMs: performance.now() - lintEnd });
    }
    if (!workspace || !path) return;
    // What this version tells the workspace, and the cross-file findings that follow from it.
    const factsPass = async () => {
      // closed or edited meanwhile: the document's tree may be gone, and its facts are no longer ours to set
      if (stale() || states.get(uri) !== state || state.treeReleased) return;
      const factsStart = performance.now();
      await this.readFacts(workspace, uri, path, state, wantsFacts, workspaceRules, publish);
      if (this.timings) void connection.sendNotification('pipelineSeams/factsTiming', { uri, version, ms: performance.now() - factsStart });
    };
    clearTimeout(this.pendingFacts.get(uri));
    this.pendingFacts.delete(uri);
    if (!options.typing) {
      await factsPass();
      return;
    }
    this.pendingFacts.set(
      uri,
      setTimeout(() => {
        this.pendingFacts.delete(uri);
        factsPass().catch((e: unknown) => this.deps.log(`Could not read the pipeline facts of ${uri}: ${errorText(e)}`));
      }, FACTS_DELAY_MS),
    );
  }

  /** Reads the facts of a document's current version into the index and publishes the cross-file findings that follow. */
  private async readFacts(
    workspace: WorkspaceFacts,
    uri: string,
    path: string,
    state: DocumentState,
    wantsFacts: boolean,
    workspaceRules: ActiveWorkspaceRule[],
    publish: () => Promise<void>,
  ): Promise<void> {
    let changedKeys = new Set<string>();
    try {
      state.facts = wantsFacts ? extractFacts(state.doc) : undefined;
      changedKeys = workspace.setOpen(path, state.facts);
      const cross = lintWorkspace(state.facts, workspace.index, workspaceRules, (rule, error) => this.ruleFailed(rule, error, uri));
      if (!sameFindings(cross, state.cross ?? [])) {
        state.cross = cross;
        state.findings = mergeFindings(state.own ?? [], cross);
        await publish();
      }
    } catch (e) {
      this.deps.log(`Could not read the pipeline facts of ${uri}: ${errorText(e)}`);
    }
    if (changedKeys.size > 0) this.deps.factsChanged?.(changedKeys, uri);
  }

  private ruleFailed(rule: Rule | WorkspaceRule, error: unknown, uri: string): void {
    if (this.reportedRuleErrors.has(rule.code)) return;
    this.reportedRuleErrors.add(rule.code);
    this.deps.log(`Rule ${rule.code} failed on ${uri} (other rules still ran; further failures of this rule are not logged): ${errorText(error)}`);
  }
}

/** Findings of an older text, moved to where they are in the new one; those the edit touched are dropped. */
function carryThroughEdit(findings: readonly Finding[], oldText: string, newText: string): Finding[] {
  if (findings.length === 0) return [];
  const region = changedRegion(oldText, newText);
  if (!region) return [...findings];
  const shift = region.newEnd - region.oldEnd;
  const out: Finding[] = [];
  for (const f of findings) {
    if (f.end <= region.start) out.push(f);
    else if (f.start >= region.oldEnd) out.push({ ...f, start: f.start + shift, end: f.end + shift, fixes: [] });
  }
  return out;
}

function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  const key = (f: Finding) => `${f.ruleId}:${f.start}:${f.end}:${f.severity}:${f.message}`;
  return a.length === b.length && a.every((f, i) => key(f) === key(b[i]!));
}

