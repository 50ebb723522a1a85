/**
 * The walkthrough as shipped: the committed markdown and the package.json contribution are what
 * `npm run walkthroughs` generates from the content and the snippet files (UPDATE_GOLDENS=1
 * regenerates them), every media file exists, and every command link names a command that the
 * manifest contributes and the extension registers, with arguments it understands.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS, solvedContextKey } from '../../client/src/lesson/commandIds';
import { cardById, CORE_CARDS } from '../../client/src/lesson/content';
import { generateWalkthrough, WALKTHROUGH_DIR, WALKTHROUGH_ID, type WalkthroughContribution } from '../../client/src/lesson/walkthrough';
import { REPO_ROOT } from '../setup';

interface Manifest {
  name: string;
  publisher: string;
  activationEvents: string[];
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus?: { commandPalette?: { command: string; when?: string }[] };
    walkthroughs?: WalkthroughContribution[];
  };
}

const manifest = (): Manifest => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;

function readSnippet(rel: string): string | null {
  const abs = path.join(REPO_ROOT, rel);
  return fs.existsSync(abs) ? fs.readFileSync(abs, 'utf8') : null;
}

/** Every `command:` link in a markdown text, with its decoded JSON arguments. */
function commandLinks(markdown: string): { command: string; args: unknown[] }[] {
  return [...markdown.matchAll(/\]\(command:([\w.]+)(?:\?([^)\s]+))?\)/g)].map((m) => ({
    command: m[1]!,
    args: m[2] ? (JSON.parse(decodeURIComponent(m[2])) as unknown[]) : [],
  }));
}

/** Command ids the client source registers (`registerCommand(COMMANDS.x, …)` or a literal id). */
function registeredCommands(): Set<string> {
  const ids = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(abs);
      else if (entry.name.endsWith('.ts')) {
        const text = fs.readFileSync(abs, 'utf8');
        for (const m of text.matchAll(/registerCommand\(\s*(?:COMMANDS\.(\w+)|'([\w.]+)')/g)) {
          ids.add(m[1] ? COMMANDS[m[1] as keyof typeof COMMANDS] : m[2]!);
        }
      }
    }
  };
  walk(path.join(REPO_ROOT, 'client/src'));
  return ids;
}

describe('walkthrough', () => {
  const generated = generateWalkthrough(readSnippet);

  it('committed markdown is what `npm run walkthroughs` generates (UPDATE_GOLDENS=1 regenerates)', () => {
    if (process.env.UPDATE_GOLDENS) {
      const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/walkthroughs.ts'], { cwd: REPO_ROOT, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    }
    for (const [rel, text] of Object.entries(generated.files)) {
      const file = path.join(REPO_ROOT, rel);
      assert.ok(fs.existsSync(file), `${rel} is missing: run \`npm run walkthroughs\``);
      assert.equal(fs.readFileSync(file, 'utf8'), text, `${rel} is out of date: run \`npm run walkthroughs\``);
    }
    const stale = fs.readdirSync(path.join(REPO_ROOT, WALKTHROUGH_DIR)).filter((n) => /^\d\d-.+\.md$/.test(n) && !(`${WALKTHROUGH_DIR}/${n}` in generated.files));
    assert.deepEqual(stale, [], 'walkthrough markdown no step uses');
  });

  it('package.json contributes the generated walkthrough', () => {
    assert.deepEqual(manifest().contributes.walkthroughs, [generated.contribution], 'run `npm run walkthroughs`');
  });

  it('has one step per seam, in lesson order, then the workspace scan', () => {
    const steps = generated.contribution.steps;
    assert.equal(generated.contribution.id, WALKTHROUGH_ID);
    assert.equal(generated.contribution.title, 'Read the seams like a senior');
    assert.deepEqual(steps.map((s) => s.id), [...CORE_CARDS.map((c) => c.id), 'scan']);
  });

  it('completes each seam step on the correct answer, and the scan step on the scan', () => {
    for (const step of generated.contribution.steps) {
      const card = cardById(step.id);
      assert.deepEqual(step.completionEvents, card ? [`onContext:${solvedContextKey(card.id)}`] : [`onCommand:${COMMANDS.scanWorkspace}`]);
    }
  });

  it('every step has markdown media that exists and ships, readable in any theme', () => {
    const ignore = fs.readFileSync(path.join(REPO_ROOT, '.vscodeignore'), 'utf8');
    assert.match(ignore, /^!walkthroughs\/\*\*$/m, 'walkthroughs/ ships in the VSIX');
    for (const step of generated.contribution.steps) {
      const file = path.join(REPO_ROOT, step.media.markdown);
      assert.ok(fs.existsSync(file), `${step.media.markdown} is missing`);
      const md = fs.readFileSync(file, 'utf8');
      assert.match(md, /^# /m, `${step.media.markdown} has a title`);
      // Theme colours only: no images with baked-in colours, no inline styles or colour codes (snippets aside).
      const prose = md.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1$/gm, '');
      assert.doesNotMatch(prose, /<img|!\[|style=|#[0-9a-f]{6}\b|rgb\(/i, step.media.markdown);
    }
  });

  it('every command link names a contributed, registered command, with arguments it accepts', () => {
    const m = manifest();
    const contributed = new Set(m.contributes.commands.map((c) => c.command));
    const registered = registeredCommands();
    const texts = [
      ...generated.contribution.steps.map((s) => s.description),
      ...Object.values(generated.files),
    ];
    const links = texts.flatMap(commandLinks);
    assert.ok(links.length >= CORE_CARDS.length * 2 + 1, 'each seam step links its file and its question; the scan step its scan');
    for (const link of links) {
      assert.ok(contributed.has(link.command), `${link.command} is not contributed in package.json`);
      assert.ok(registered.has(link.command), `${link.command} is not registered by the extension`);
      if (link.command === COMMANDS.openQuiz || link.command === COMMANDS.openLessonFile) {
        assert.equal(link.args.length, 1);
        assert.ok(typeof link.args[0] === 'string' && cardById(link.args[0]), `${link.command}: unknown card ${String(link.args[0])}`);
      } else assert.deepEqual(link.args, [], `${link.command} takes no arguments`);
    }
    for (const card of CORE_CARDS) {
      const step = generated.contribution.steps.find((s) => s.id === card.id)!;
      assert.deepEqual(commandLinks(step.description).map((l) => [l.command, ...l.args]), [
        [COMMANDS.openLessonFile, card.id],
        [COMMANDS.openQuiz, card.id],
      ]);
    }
  });

  it('contributes every lesson command under the Pipeline Seams category, and the extension registers each', () => {
    const m = manifest();
    const registered = registeredCommands();
    for (const id of Object.values(COMMANDS)) {
      const command = m.contributes.commands.find((c) => c.command === id);
      assert.ok(command, `${id} is not contributed`);
      assert.equal(command.category, 'Pipeline Seams');
      assert.ok(registered.has(id), `${id} is not registered`);
    }
    for (const c of m.contributes.commands) assert.ok(registered.has(c.command), `${c.command} is contributed but never registered`);
    const hidden = (m.contributes.menus?.commandPalette ?? []).filter((e) => e.when === 'false').map((e) => e.command).sort();
    assert.deepEqual(hidden, [COMMANDS.learnSeam, COMMANDS.openLessonFile].sort(), 'commands that need an argument stay out of the palette');
    assert.ok(m.activationEvents.includes('onWebviewPanel:pipelineSeams.quiz'), 'the quiz panel is restored after a reload');
  });

  it('fences a snippet that itself contains backticks, and says so when a file is missing', () => {
    const g = generateWalkthrough((p) => (p.endsWith('.py') ? 'doc = """```python\nx\n```"""\n' : null));
    const consumer = Object.entries(g.files).find(([rel]) => rel.endsWith('-consumer.md'))![1];
    assert.match(consumer, /^````python\ndoc = """```python\nx\n```"""\n````$/m);
    const cdc = Object.entries(g.files).find(([rel]) => rel.endsWith('-cdc.md'))![1];
    assert.match(cdc, /The file `walkthroughs\/snippets\/cdc-connector\.json` is not part of this build yet\./);
  });
});
