/**
 * Helpers for the extension-host suite. Every wait is on an event (diagnostics published, tabs
 * changed), or on polled state where VS Code raises no event, with a generous deadline for a busy
 * 2-core machine; none sleeps a fixed time.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SOURCE } from '../../../server/src/lsp/protocol';

export const EXTENSION_ID = 'pipeline-seams.pipeline-seams';
const DEADLINE_MS = 60_000;

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded in this extension host`);
  return ext;
}

export function workspaceUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the suite needs the e2e workspace open as a folder');
  return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

export async function readDisk(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

function describeDiagnostics(diagnostics: vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return 'none';
  return diagnostics.map((d) => `${codeOf(d)}@${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`).join('; ');
}

/** Resolves once `condition` holds, checking now and again whenever `event` fires. */
export function when<T>(event: vscode.Event<unknown>, condition: () => T | undefined, what: string, timeoutMs = DEADLINE_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sub.dispose();
      f();
    };
    const check = () => {
      try {
        const value = condition();
        if (value !== undefined) settle(() => resolve(value));
      } catch (e) {
        settle(() => reject(e instanceof Error ? e : new Error(String(e))));
      }
    };
    const timer = setTimeout(() => settle(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`))), timeoutMs);
    const sub = event(check);
    check();
  });
}

/**
 * Resolves once `condition` holds. For state VS Code raises no event for (an extension finishing
 * its activation): checked every 50 ms until the deadline, never a fixed wait.
 */
export function until(condition: () => boolean, what: string, timeoutMs = DEADLINE_MS): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const check = () => {
      if (condition()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() > deadline) {
        clearInterval(timer);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }
    };
    const timer = setInterval(check, 50);
    check();
  });
}

/** Our diagnostics for `uri` once `predicate` holds for them. */
export function diagnosticsWhere(
  uri: vscode.Uri,
  predicate: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = DEADLINE_MS,
): Promise<vscode.Diagnostic[]> {
  let last: vscode.Diagnostic[] = [];
  return when(
    vscode.languages.onDidChangeDiagnostics,
    () => {
      last = ours(uri);
      return predicate(last) ? last : undefined;
    },
    what,
    timeoutMs,
  ).catch((e: Error) => {
    throw new Error(`${e.message} in ${path.basename(uri.path)} (diagnostics now: ${describeDiagnostics(last)})`);
  });
}

export function diagnosticsWithCode(uri: vscode.Uri, code: string, timeoutMs = DEADLINE_MS): Promise<vscode.Diagnostic[]> {
  return diagnosticsWhere(uri, (ds) => ds.some((d) => codeOf(d) === code), `a ${code} diagnostic`, timeoutMs).then((ds) =>
    ds.filter((d) => codeOf(d) === code),
  );
}

/**
 * Resolves the next time diagnostics are published for `uri`, even an empty list: that the server
 * published at all shows the extension runs and checked the document. Call it before opening the
 * document (it subscribes at once), await it after.
 */
export function nextPublish(uri: vscode.Uri, timeoutMs = DEADLINE_MS): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for diagnostics to be published for ${path.basename(uri.path)}`));
    }, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}

export async function open(relative: string): Promise<{ uri: vscode.Uri; document: vscode.TextDocument; editor: vscode.TextEditor }> {
  const uri = workspaceUri(relative);
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  return { uri, document, editor };
}

/** Codes of the rules the shipped engine has, from the shipped CLI (`rules --format json`). */
let registry: Set<string> | undefined;
export function rulesInRegistry(): Set<string> {
  if (registry) return registry;
  const cli = path.join(extension().extensionPath, 'dist/cli.js');
  // In the desktop app process.execPath is Electron: ELECTRON_RUN_AS_NODE makes it plain Node.
  const r = spawnSync(process.execPath, [cli, 'rules', '--format', 'json'], {
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`dist/cli.js rules failed: ${r.stderr}`);
  registry = new Set((JSON.parse(r.stdout) as { code: string }[]).map((rule) => rule.code));
  return registry;
}

/** Commands the extension contributes in its manifest. */
export function contributedCommands(): Set<string> {
  const manifest = extension().packageJSON as { contributes?: { commands?: { command: string }[] } };
  return new Set((manifest.contributes?.commands ?? []).map((c) => c.command));
}

export function markdownOf(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

export async function setSetting(section: string, key: string, value: unknown, target = vscode.ConfigurationTarget.Global): Promise<void> {
  await vscode.workspace.getConfiguration(section).update(key, value, target);
}
