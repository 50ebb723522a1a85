/**
 * Code actions: for each of our diagnostics, its fixes (the safe one preferred) and "ignore on this
 * line"; for the whole file, fix-all (`source.fixAll.pipelineSeams`, safe fixes only, usable from
 * `editor.codeActionsOnSave`). Edits are versioned, so an edit computed for an older text is refused
 * by the editor instead of landing in the wrong place.
 */
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fixAll } from '../engine/fixes';
import { changedRegion } from '../engine/textDiff';
import type { ActiveRule } from '../engine/types';
import { detectKind, LINE_COMMENT } from '../parsing/fileKinds';
import { detectEol, LineIndex } from '../parsing/lineIndex';
import { isOurDiagnostic } from './diagnostics';
import { FIX_ALL_KIND, LEARN_SEAM_COMMAND, type DiagnosticFix } from './protocol';
import { nameForKind } from './uris';

export interface CodeActionDeps {
  document: (uri: string) => TextDocument | undefined;
  rulesFor: (uri: string) => Promise<ActiveRule[] | undefined>;
  fixAllEnabled: (uri: string) => Promise<boolean>;
  /** The client runs LEARN_SEAM_COMMAND, so each finding can lead to its lesson. */
  learnSeam?: boolean;
}

export async function codeActions(params: CodeActionParams, deps: CodeActionDeps): Promise<CodeAction[]> {
  const document = deps.document(params.textDocument.uri);
  if (!document) return [];
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const actions: CodeAction[] = [];

  if (wants(CodeActionKind.QuickFix)) {
    const ours = params.context.diagnostics.filter(isOurDiagnostic);
    const learn = new Map<string, CodeAction>();
    for (const diagnostic of ours) {
      // Fixes computed for another version would land in the wrong place.
      if (diagnostic.data.version !== document.version) continue;
      for (const fix of diagnostic.data.fixes) actions.push(quickFix(document, diagnostic, fix));
      const ignore = ignoreOnLine(document, diagnostic);
      if (ignore) actions.push(ignore);
      if (deps.learnSeam && !learn.has(diagnostic.data.ruleId)) learn.set(diagnostic.data.ruleId, learnSeam(diagnostic));
    }
    actions.push(...learn.values());
  }

  if (wants(FIX_ALL_KIND) && (only?.length ?? 0) > 0 && (await deps.fixAllEnabled(document.uri))) {
    const action = await fixAllAction(document, deps);
    if (action) actions.push(action);
  }
  return actions;
}

function versioned(document: TextDocument, edits: TextEdit[]): WorkspaceEdit {
  return { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits }] };
}

function quickFix(document: TextDocument, diagnostic: Diagnostic, fix: DiagnosticFix): CodeAction {
  return {
    title: fix.safety === 'safe' ? fix.title : `${fix.title} (unsafe)`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.safety === 'safe',
    edit: versioned(document, fix.edits),
  };
}

/** Opens the lesson at the seam this rule belongs to; one per rule, after the fixes. */
function learnSeam(diagnostic: Diagnostic & { data: { ruleId: string } }): CodeAction {
  const code = diagnostic.data.ruleId;
  return {
    title: `Learn this seam (${code})`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: { title: `Learn this seam (${code})`, command: LEARN_SEAM_COMMAND, arguments: [code] },
  };
}

/** Inserts `<comment> pipeline-seams-ignore CODE -- <reason>` above the flagged line. */
function ignoreOnLine(document: TextDocument, diagnostic: Diagnostic & { data: { ruleId: string } }): CodeAction | undefined {
  const kind = detectKind(nameForKind(document.uri), document.languageId);
  const prefix = kind ? LINE_COMMENT[kind] : undefined;
  if (!prefix) return undefined;
  const line = diagnostic.range.start.line;
  const lines = new LineIndex(document.getText());
  const text = lines.lineText(line);
  const indent = /^[ \t]*/.exec(text)![0];
  const eol = detectEol(document.getText());
  const code = diagnostic.data.ruleId;
  return {
    title: `Ignore ${code} on this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: versioned(document, [
      {
        range: { start: { line, character: 0 }, end: { line, character: 0 } },
        newText: `${indent}${prefix} pipeline-seams-ignore ${code} -- <reason>${eol}`,
      },
    ]),
  };
}

async function fixAllAction(document: TextDocument, deps: CodeActionDeps): Promise<CodeAction | undefined> {
  const kind = detectKind(nameForKind(document.uri), document.languageId);
  const rules = kind ? await deps.rulesFor(document.uri) : undefined;
  if (!kind || !rules?.length) return undefined;
  const text = document.getText();
  const result = await fixAll({ path: nameForKind(document.uri), kind, text }, rules, { allowUnsafe: false });
  const region = changedRegion(text, result.text);
  if (!region) return undefined;
  const lines = new LineIndex(text);
  return {
    title: 'Fix all safe Pipeline Seams findings',
    kind: FIX_ALL_KIND,
    edit: versioned(document, [
      {
        range: { start: lines.positionAt(region.start), end: lines.positionAt(region.oldEnd) },
        newText: result.text.slice(region.start, region.newEnd),
      },
    ]),
  };
}
