/** Quick check of one section of the benchmark: lint/parse ratio for chosen kinds at 10,000 lines. */
import { lint, prepareFor } from '../server/src/engine/lint';
import { parseDocument } from '../server/src/parsing/document';
import type { FileKind } from '../server/src/parsing/fileKinds';
import { RULES } from '../server/src/rules';
import { fileName, generate } from './generate';

const ACTIVE = RULES.map((rule) => ({ rule, severity: rule.severity }));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const kinds = (process.argv.slice(2).length ? process.argv.slice(2) : ['python', 'go']) as FileKind[];
  for (const kind of kinds) {
    const text = generate(kind, 10000, 'realistic');
    const file = { path: fileName(kind, 'r'), kind, text };
    await prepareFor(kind, ACTIVE);
    const parse: number[] = [];
    const full: number[] = [];
    for (let r = 0; r < 25; r++) {
      let t = performance.now();
      parseDocument(file).dispose();
      parse.push(performance.now() - t);
      t = performance.now();
      const d = parseDocument(file);
      lint(d, ACTIVE);
      d.dispose();
      full.push(performance.now() - t);
    }
    console.log(`${kind.padEnd(11)} parse ${median(parse).toFixed(1)}  lint ${median(full).toFixed(1)}  ratio ${(median(full) / median(parse)).toFixed(2)}`);
  }
}
void main();
