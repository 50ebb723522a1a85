/**
 * What travels between the server and its clients beyond plain LSP: the shape of a diagnostic's
 * `data` (fix edits ride on the diagnostic, so code actions need no cache), the settings section,
 * and the code action kind for fix-all. The VS Code client imports this module too.
 */

export const SOURCE = 'pipeline-seams';
export const SETTINGS_SECTION = 'pipelineSeams';
export const FIX_ALL_KIND = 'source.fixAll.pipelineSeams';

export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface DiagnosticFix {
  title: string;
  safety: 'safe' | 'unsafe';
  edits: { range: LspRange; newText: string }[];
}

export interface DiagnosticData {
  ruleId: string;
  /** The document version the fixes were computed for. */
  version: number;
  fixes: DiagnosticFix[];
}

export type SeveritySetting = 'error' | 'warning' | 'info' | 'off';

export interface Settings {
  enable: boolean;
  /** Rule code → severity, overriding the project config. */
  rules: Record<string, SeveritySetting>;
  /** Offer source.fixAll.pipelineSeams. */
  fixAll: boolean;
}

export const DEFAULT_SETTINGS: Settings = { enable: true, rules: {}, fixAll: true };
