/**
 * What travels between the server and its clients beyond plain LSP: the shape of a diagnostic's
 * `data` (fix edits ride on the diagnostic, so code actions need no cache), the settings section,
 * and the code action kind for fix-all. The VS Code client imports this module too.
 */

export const SOURCE = 'pipeline-seams';
export const SETTINGS_SECTION = 'pipelineSeams';
export const FIX_ALL_KIND = 'source.fixAll.pipelineSeams';
/** Client command (argument: a rule code) that opens the lesson at the seam the rule belongs to. */
export const LEARN_SEAM_COMMAND = 'pipelineSeams.learnSeam';
/** Request: lint every file under the given folders and publish diagnostics for the files not open. */
export const SCAN_WORKSPACE_REQUEST = 'pipelineSeams/scanWorkspace';
/** Request: the pipeline map of the workspace index, laid out for drawing. */
export const PIPELINE_MAP_REQUEST = 'pipelineSeams/pipelineMap';
/** Files whose facts feed the workspace index (the server asks the client to watch them). */
export const WATCHED_FILE_GLOB = '**/*.{sql,json,yaml,yml,properties,conf,py,ts,tsx,js,jsx,mjs,cjs,java,go,sh,bash}';

export type { MapEdge, MapFinding, MapNode, PipelineMap } from '../workspace/pipelineMap';
export type { EdgePath, MapLayout, NodeBox } from '../workspace/mapRender';

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

/** What the client may send as `initializationOptions`. */
export interface InitializationOptions {
  settings?: unknown;
  /** The client runs LEARN_SEAM_COMMAND: offer it as a code action and a hover link. */
  learnSeam?: boolean;
}

export interface ScanWorkspaceParams {
  /** Folder URIs (`file:` only; others are passed over). */
  folders: string[];
  /** Stop after this many files (capped by the server's own limit). */
  maxFiles?: number;
}

export interface ScanWorkspaceResult {
  /** Files linted. */
  files: number;
  findings: number;
  filesWithFindings: number;
  /** Files open in the editor: checked as they are typed, so the scan leaves them to that. */
  open: number;
  /** Files passed over: unreadable, too large, binary, not UTF-8. */
  skipped: number;
  /** The file limit was reached before the walk finished. */
  truncated: boolean;
  cancelled: boolean;
}

export interface PipelineMapParams {
  /** Reserved: the map always covers the whole index. */
  folders?: string[];
}

export interface PipelineMapResult {
  map: import('../workspace/pipelineMap').PipelineMap;
  layout: import('../workspace/mapRender').MapLayout;
  /** Files with pipeline facts in the index. */
  files: number;
  /** The index holds part of the workspace (a file limit was reached). */
  truncated: boolean;
}
