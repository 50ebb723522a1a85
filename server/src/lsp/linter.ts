/**
 * Linting open documents: one lint per document version, newest wins. Typing bursts are coalesced,
 * a lint whose document changed while its parsers loaded is dropped, and a document that fails is
 * logged and cleared without stopping the others.
 */
import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { activeRules, isIgnoredFile } from '../engine/config';
import { lint, prepareFor } from '../engine/lint';
import type { ActiveRule, Rule } from '../engine/types';
import { detectKind } from '../parsing/fileKinds';
import { RULES } from '../rules';
import { toDiagnostic } from './diagnostics';
import type { DocumentStates, DocumentState } from './documentState';
import type { ProjectConfigs } from './projectConfigs';
import type { SettingsStore } from './settings';
import { nameForKind, pathToUri, uriToPath } from './uris';

/** Documents beyond this size are not linted; the editor stays responsive on generated giants. */
export const MAX_DOCUMENT_LENGTH = 2 * 1024 * 1024;
/** Quiet time after a keystroke before linting; short enough to feel live. */
export const DEBOUNCE_MS = 40;

export interface LinterDeps {
  connection: Connection;
  states: DocumentStates;
  settings: SettingsStore;
  configs: ProjectConfigs;
  document: (uri: string) => TextDocument | undefined;
  log: (message: string, level?: 'info' | 'error') => void;
}

export class Linter {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly reportedRuleErrors = new Set<string>();
  private readonly skippedNotices = new Set<string>();
  /**
   * The latest lint request per document. A lint still waiting for settings or parsers when a newer
   * request arrives (another edit, a settings change, a close) must not publish its stale result.
   */
  private readonly generations = new Map<string, number>();
  private lastGeneration = 0;

  constructor(private readonly deps: LinterDeps) {}

  /** Lint soon (after typing pauses), or now. Only the latest request per document may publish. */
  schedule(uri: string, immediately = false): void {
    const existing = this.timers.get(uri);
    if (existing) clearTimeout(existing);
    const generation = ++this.lastGeneration;
    this.generations.set(uri, generation);
    const run = () => {
      this.timers.delete(uri);
      this.lintNow(uri, generation).catch((e: unknown) => this.deps.log(`Linting ${uri} failed: ${errorText(e)}`));
    };
    if (immediately) {
      this.timers.delete(uri);
      setImmediate(run);
    } else this.timers.set(uri, setTimeout(run, DEBOUNCE_MS));
  }

  cancel(uri: string): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.delete(uri);
    this.generations.delete(uri);
  }

  /** The rules that apply to a document with its current settings and project config. */
  async rulesFor(uri: string): Promise<ActiveRule[] | undefined> {
    const settings = await this.deps.settings.get(uri);
    if (!settings.enable) return undefined;
    const path = uriToPath(uri);
    const config = this.deps.configs.forFile(path);
    if (path && isIgnoredFile(config, path)) return undefined;
    return activeRules(RULES, config, path ?? nameForKind(uri), { overrides: settings.rules });
  }

  /** Lints a document and publishes; `generation` (from `schedule`) drops the result once superseded. */
  async lintNow(uri: string, generation?: number): Promise<void> {
    const { connection, states } = this.deps;
    const textDocument = this.deps.document(uri);
    if (!textDocument) return;
    const version = textDocument.version;
    const kind = detectKind(nameForKind(uri), textDocument.languageId);
    const rules = kind ? await this.rulesFor(uri) : undefined;
    const superseded = () => generation !== undefined && this.generations.get(uri) !== generation;
    if (superseded()) return;
    if (!kind || !rules || rules.length === 0) {
      states.delete(uri);
      await connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    const text = textDocument.getText();
    if (text.length > MAX_DOCUMENT_LENGTH) {
      states.delete(uri);
      if (!this.skippedNotices.has(uri)) {
        this.skippedNotices.add(uri);
        this.deps.log(`Not checking ${uri}: larger than ${MAX_DOCUMENT_LENGTH / 1024 / 1024} MiB`, 'info');
      }
      await connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    await prepareFor(kind, rules);
    // A newer version arrived (or the document closed) while parsers loaded: that lint will run instead.
    const current = this.deps.document(uri);
    if (!current || current.version !== version || superseded()) return;
    let state: DocumentState;
    try {
      state = states.parse(uri, version, uriToPath(uri) ?? nameForKind(uri), kind, text);
      state.findings = lint(state.doc, rules, (rule, error) => this.ruleFailed(rule, error, uri));
    } catch (e) {
      states.delete(uri);
      this.deps.log(`Could not check ${uri}: ${errorText(e)}`);
      await connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    const diagnostics = state.findings.map((f) => toDiagnostic(f, state.doc.lines, version, pathToUri));
    await connection.sendDiagnostics({ uri, version, diagnostics });
  }

  private ruleFailed(rule: Rule, error: unknown, uri: string): void {
    if (this.reportedRuleErrors.has(rule.code)) return;
    this.reportedRuleErrors.add(rule.code);
    this.deps.log(`Rule ${rule.code} failed on ${uri} (other rules still ran; further failures of this rule are not logged): ${errorText(error)}`);
  }
}

export function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
