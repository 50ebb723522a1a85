/**
 * `pipelineSeams/scanWorkspace`: lint every file under the workspace folders that is not open in the
 * editor, and publish its diagnostics, so a whole project shows up in the Problems panel. The walk
 * honours `.gitignore` (the CLI's walker), the project config and the editor settings; it stops at a
 * file limit, yields to the event loop between files so typing stays live, and can be cancelled.
 */
import * as path from 'node:path';
import type { CancellationToken, Diagnostic } from 'vscode-languageserver';
import { activeRules, isIgnoredFile } from '../engine/config';
import { errorText } from '../engine/errors';
import { lintFile } from '../engine/lint';
import type { ActiveRule, Rule } from '../engine/types';
import type { FileKind } from '../parsing/fileKinds';
import { LineIndex } from '../parsing/lineIndex';
import { RULES } from '../rules';
import { collectFiles, readSource } from '../workspace/sourceFiles';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { toDiagnostic } from './diagnostics';
import type { ProjectConfigs } from './projectConfigs';
import type { ScanWorkspaceParams, ScanWorkspaceResult, Settings } from './protocol';
import { pathToUri, uriToPath } from './uris';

/** Files linted per scan at most; a larger workspace is scanned in part and says so. */
export const MAX_SCAN_FILES = 5000;
/** Directory entries visited at most while walking, so a huge untracked tree cannot stall the walk. */
export const MAX_SCAN_ENTRIES = 200_000;

export interface ScanDeps {
  settings: (uri: string) => Promise<Settings>;
  configs: ProjectConfigs;
  /** Absolute paths of the documents open in the editor. */
  openPaths: () => Set<string>;
  publish: (uri: string, diagnostics: Diagnostic[]) => Promise<void>;
  log: (message: string, level?: 'info' | 'error') => void;
  /** The workspace index once built, for the single-file rules that read it (DUP001: keys another migration adds). */
  index?: () => Promise<WorkspaceIndex | undefined>;
}

export class WorkspaceScanner {
  /** URIs the last scans published findings for, so a later scan can clear the ones now clean. */
  private readonly published = new Set<string>();

  constructor(private readonly deps: ScanDeps) {}

  async scan(params: ScanWorkspaceParams, token: CancellationToken): Promise<ScanWorkspaceResult> {
    const result: ScanWorkspaceResult = { files: 0, findings: 0, filesWithFindings: 0, open: 0, skipped: 0, truncated: false, cancelled: false };
    const folders = (Array.isArray(params?.folders) ? params.folders : [])
      .filter((f): f is string => typeof f === 'string')
      .map((uri) => ({ uri, path: uriToPath(uri) }))
      .filter((f): f is { uri: string; path: string } => !!f.path);
    const requested = typeof params?.maxFiles === 'number' && params.maxFiles > 0 ? Math.floor(params.maxFiles) : MAX_SCAN_FILES;
    const maxFiles = Math.min(requested, MAX_SCAN_FILES);
    const visited = new Set<string>();

    for (const folder of folders) {
      const settings = await this.deps.settings(folder.uri);
      if (!settings.enable) continue;
      const walk = collectFiles([folder.path], folder.path, { maxFiles: maxFiles - result.files - result.open, maxEntries: MAX_SCAN_ENTRIES });
      if (walk.truncated) result.truncated = true;
      for (const file of walk.files) {
        if (token.isCancellationRequested) {
          result.cancelled = true;
          return result;
        }
        // One file per turn of the event loop: edits, hovers and the cancellation itself get through.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const uri = pathToUri(file.path);
        if (visited.has(uri)) continue;
        visited.add(uri);
        if (this.deps.openPaths().has(file.path)) {
          result.open++;
          continue;
        }
        const config = this.deps.configs.forFile(file.path);
        const diagnostics = isIgnoredFile(config, file.path)
          ? []
          : await this.lint(file, activeRules(RULES, config, file.path, { overrides: settings.rules }), result);
        if (diagnostics === undefined) continue;
        result.files++;
        if (diagnostics.length > 0) {
          result.findings += diagnostics.length;
          result.filesWithFindings++;
        }
        // The document may have been opened while it was linted: the live linter owns it then.
        if (this.deps.openPaths().has(file.path)) continue;
        if (diagnostics.length > 0 || this.published.has(uri)) await this.deps.publish(uri, diagnostics);
        if (diagnostics.length > 0) this.published.add(uri);
        else this.published.delete(uri);
      }
      if (result.files + result.open >= maxFiles) {
        result.truncated = result.truncated || folders.indexOf(folder) < folders.length - 1;
        break;
      }
    }
    // Only a complete walk knows that a file it did not reach is gone or ignored now.
    if (!result.truncated) await this.clearVanished(visited, folders.map((f) => f.path));
    return result;
  }

  /** Undefined when the file could not be read (counted as skipped). */
  private async lint(file: { path: string; kind: FileKind }, rules: ActiveRule[], result: ScanWorkspaceResult): Promise<Diagnostic[] | undefined> {
    const source = readSource(file.path);
    if (!source.ok) {
      result.skipped++;
      return undefined;
    }
    if (rules.length === 0) return [];
    const onRuleError = (rule: Rule, error: unknown) =>
      this.deps.log(`Rule ${rule.code} failed on ${file.path} during the workspace scan: ${errorText(error)}`);
    const findings = await lintFile({ path: file.path, kind: file.kind, text: source.text }, rules, onRuleError, await this.deps.index?.());
    if (findings.length === 0) return [];
    const lines = new LineIndex(source.text);
    // Version 0: quick fixes need the document open, and opening it lints it live with fresh fixes.
    return findings.map((f) => toDiagnostic(f, lines, 0, pathToUri));
  }

  /** Files with published findings that this scan of their folder no longer reached (deleted, now ignored). */
  private async clearVanished(visited: Set<string>, folderPaths: string[]): Promise<void> {
    for (const uri of [...this.published]) {
      if (visited.has(uri)) continue;
      const file = uriToPath(uri);
      if (!file || !folderPaths.some((dir) => isInside(dir, file))) continue;
      this.published.delete(uri);
      if (!this.deps.openPaths().has(file)) await this.deps.publish(uri, []);
    }
  }
}

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
