/** How much tree-sitter's incremental re-parse saves after a one-letter edit, per language. */
import { generate, fileName, keystrokePoint } from './generate';
import { DocumentStates } from '../server/src/lsp/documentState';
import { prepareParser } from '../server/src/parsing/document';
import type { FileKind } from '../server/src/parsing/fileKinds';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  for (const kind of ['python', 'typescript', 'java', 'go', 'sql', 'yaml'] as FileKind[]) {
    await prepareParser(kind);
    const text = generate(kind, 2000, 'realistic');
    const lines = text.split('\n');
    const point = keystrokePoint(text);
    const at = lines.slice(0, point.line).join('\n').length + 1 + point.character;
    const edited = text.slice(0, at) + 'x' + text.slice(at);
    const states = new DocumentStates();
    const full: number[] = [];
    const incremental: number[] = [];
    for (let r = 0; r < 30; r++) {
      let t = performance.now();
      states.parse('u', 2 * r + 1, fileName(kind, 'i'), kind, r % 2 ? edited : text);
      full.push(performance.now() - t);
      t = performance.now();
      states.parse('u', 2 * r + 2, fileName(kind, 'i'), kind, r % 2 ? text : edited);
      incremental.push(performance.now() - t);
    }
    states.clear();
    console.log(`${kind.padEnd(11)} re-parse after one letter ${median(incremental).toFixed(2)} ms (first parse of that version ${median(full).toFixed(2)} ms)`);
  }
}
void main();
