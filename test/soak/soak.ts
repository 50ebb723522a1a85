/**
 * Soak test through the real language server: thousands of random edits across dozens of open
 * documents, with diagnostics, code actions and hovers requested in between. Fails on a crash, an
 * unhandled rejection, an invalid response, or memory that does not come back after closing.
 *
 *   npm run soak                      (SOAK_EDITS=3000 SOAK_DOCS=40 SOAK_SEED=1 by default)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, Hover, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { detectKind } from '../../server/src/parsing/fileKinds';
import { TestClient } from '../lsp/lspClient';
import { REPO_ROOT } from '../setup';

const EDITS = Number(process.env.SOAK_EDITS ?? 3000);
const DOCS = Number(process.env.SOAK_DOCS ?? 40);
let seed = Number(process.env.SOAK_SEED ?? 1);

/** Small deterministic PRNG (mulberry32) so a failing run can be replayed with its seed. */
function random(): number {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

function rssKb(pid: number | undefined): number {
  if (!pid) return 0;
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

const LANGUAGE: Record<string, string> = {
  python: 'python', typescript: 'typescript', tsx: 'typescriptreact', javascript: 'javascript', java: 'java', go: 'go',
  sql: 'sql', json: 'json', yaml: 'yaml', properties: 'properties', pgconf: 'postgresql-conf', shell: 'shellscript',
};
const INSERTS = ['\n', ' ', '(', ')', '{', '}', '"', "'", 'consumer.commit()\n', 'await ', '# x\n', ';', 'x', '\t', '$$', '--', '0'];

function fail(message: string): never {
  console.error(`soak: FAILED: ${message} (replay with SOAK_SEED=${process.env.SOAK_SEED ?? 1})`);
  process.exit(1);
}

function checkRange(text: string, r: Diagnostic['range'], what: string): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const p of [r.start, r.end]) {
    if (p.line < 0 || p.line >= lines.length || p.character < 0 || p.character > lines[p.line]!.length) fail(`${what} range outside the document`);
  }
}

async function main(): Promise<void> {
  const sources = files(path.join(REPO_ROOT, 'test/corpus'))
    .filter((f) => detectKind(f) && fs.statSync(f).size < 16 * 1024)
    .sort();
  const chosen = Array.from({ length: DOCS }, (_, i) => sources[(i * 7919) % sources.length]!);
  const client = new TestClient();
  await client.initialize();
  const counts = { documents: 0, edits: 0, diagnostics: 0, codeActions: 0, appliedFixes: 0, hovers: 0, crashes: 0 };
  const uris: string[] = [];
  for (const [i, file] of chosen.entries()) {
    const uri = pathToFileURL(path.join('/soak', String(i), path.basename(file))).href;
    uris.push(uri);
    await client.open(uri, LANGUAGE[detectKind(file)!]!, fs.readFileSync(file, 'utf8'));
    counts.documents++;
  }
  const baseline = rssKb(client.pid);

  for (let n = 0; n < EDITS; n++) {
    if (client.exited) fail('the server exited');
    const uri = pick(uris);
    const text = client.text(uri);
    const lines = text.split('\n');
    const line = Math.floor(random() * lines.length);
    const character = Math.floor(random() * ((lines[line]?.length ?? 0) + 1));
    const deleting = random() < 0.4 && text.length > 0;
    const end = deleting ? { line, character: Math.min((lines[line]?.length ?? 0), character + 1 + Math.floor(random() * 5)) } : { line, character };
    await client.edit(uri, [{ range: { start: { line, character }, end }, newText: deleting ? '' : pick(INSERTS) }]);
    counts.edits++;

    if (n % 10 === 9) {
      const diagnostics = await client.diagnosticsFor(uri);
      counts.diagnostics++;
      const current = client.text(uri);
      diagnostics.forEach((d) => checkRange(current, d.range, `diagnostic ${String(d.code)}`));
      const actions: CodeAction[] = await client.codeActions(uri, diagnostics);
      counts.codeActions++;
      for (const a of actions) {
        const change = a.edit?.documentChanges?.[0] as TextDocumentEdit | undefined;
        if (!change || change.textDocument.version !== client.version(uri)) fail(`code action "${a.title}" for a stale version`);
        change.edits.forEach((e) => checkRange(current, e.range, `code action "${a.title}" edit`));
      }
      const preferred = actions.find((a) => a.isPreferred);
      if (preferred && random() < 0.5) {
        await client.apply(preferred);
        counts.appliedFixes++;
      }
      const hover: Hover | null = await client.hover(uri, { line: Math.floor(random() * lines.length), character: 2 });
      counts.hovers++;
      if (hover && typeof hover.contents !== 'object') fail('hover without markup');
    }
  }
  const afterSoak = rssKb(client.pid);
  for (const uri of uris) await client.close(uri);
  // one round trip so every close has been handled
  await client.hover(uris[0]!, { line: 0, character: 0 });
  const afterClose = rssKb(client.pid);
  const stderr = await client.shutdown();
  if (/Unhandled|Error:/.test(stderr)) fail(`server stderr:\n${stderr}`);
  if (client.logs.some((l) => /Unhandled rejection|failed:/.test(l))) fail(`server log:\n${client.logs.join('\n')}`);
  console.log(
    `soak: ${counts.documents} documents, ${counts.edits} edits, ${counts.diagnostics} diagnostics checks, ` +
      `${counts.codeActions} code action requests (${counts.appliedFixes} fixes applied), ${counts.hovers} hovers, ` +
      `crashes ${counts.crashes}; server RSS ${Math.round(baseline / 1024)} MB after opening, ` +
      `${Math.round(afterSoak / 1024)} MB after the edits, ${Math.round(afterClose / 1024)} MB after closing`,
  );
  if (afterClose > baseline * 1.5 + 20 * 1024) fail(`memory did not come back: ${afterClose} kB after closing vs ${baseline} kB after opening`);
}

main().catch((e: unknown) => fail(e instanceof Error ? (e.stack ?? e.message) : String(e)));
