/** Quick check of one section of the benchmark: lint/parse ratio for chosen kinds at 10,000 lines. */
import { prepareFor } from '../server/src/engine/lint';
import type { FileKind } from '../server/src/parsing/fileKinds';
import { RULES } from '../server/src/rules';
import { fileName, generate } from './generate';
import { sampleLintVersusParse } from './lintVersusParse';

const ACTIVE = RULES.map((rule) => ({ rule, severity: rule.severity }));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const kinds = (process.argv.slice(2).length ? process.argv.slice(2) : ['python', 'go']) as FileKind[];
  for (const kind of kinds) {
    const text = generate(kind, 10000, 'realistic');
    await prepareFor(kind, ACTIVE);
    // the benchmark's sampling, with a shorter sampling time
    const { parse, lint } = sampleLintVersusParse({ path: fileName(kind, 'r'), kind, text }, ACTIVE, { warmupMs: 300, sampleMs: 500, minRuns: 21, maxRuns: 400 });
    console.log(`${kind.padEnd(11)} runs ${parse.length}  parse ${median(parse).toFixed(1)}  lint ${median(lint).toFixed(1)}  ratio ${(median(lint) / median(parse)).toFixed(2)}`);
  }
}
void main();
