/**
 * Command-line arguments → options. Pure: no I/O, so every form is unit-tested.
 *
 *   pipeline-seams check [PATH…] [--format text|json|sarif] [--fix] [--unsafe-fixes] [--show-fixes]
 *                        [--select CODE,…] [--ignore CODE,…] [--config FILE] [--threads N]
 *   pipeline-seams rules [--format text|json]
 *   pipeline-seams map [PATH…] [--format mermaid|dot|json|svg] [--select CODE,…] [--ignore CODE,…] [--config FILE]
 */

export type Format = 'text' | 'json' | 'sarif';

export interface CheckOptions {
  command: 'check';
  paths: string[];
  format: Format;
  fix: boolean;
  unsafeFixes: boolean;
  showFixes: boolean;
  select: string[] | undefined;
  ignore: string[] | undefined;
  config: string | undefined;
  /** Worker threads; 0 picks one per core when there are enough files. */
  threads: number;
}

export interface RulesOptions {
  command: 'rules';
  format: 'text' | 'json';
}

export type MapFormat = 'mermaid' | 'dot' | 'json' | 'svg';

export interface MapOptions {
  command: 'map';
  paths: string[];
  format: MapFormat;
  select: string[] | undefined;
  ignore: string[] | undefined;
  config: string | undefined;
}

export type CliOptions = CheckOptions | RulesOptions | MapOptions | { command: 'help' } | { command: 'version' };

export class UsageError extends Error {}

export const USAGE = `Usage: pipeline-seams check [PATH...] [options]
       pipeline-seams rules [--format text|json]
       pipeline-seams map [PATH...] [--format mermaid|dot|json|svg]

Finds correctness bugs at the seams of event-driven pipelines: outbox, CDC connector config,
offset-commit order, consumer dedup and dead-letter handling.

Options for check:
  --format text|json|sarif   output format (default: text)
  --fix                      apply safe fixes, then report what is left
  --unsafe-fixes             with --fix, apply unsafe fixes too; otherwise only list them
  --show-fixes               show each available fix as a diff (text format)
  --select CODE[,CODE...]    run only these rules
  --ignore CODE[,CODE...]    do not run these rules
  --config FILE              use this config file instead of the nearest .pipeline-seams.json
  --threads N                worker threads (default 0: one per core when there are many files)
  -h, --help                 show this help
  --version                  print the version

pipeline-seams map prints the pipeline the files describe (tables, connectors, topics, consumers)
with the findings on it; --format mermaid (default), dot, json or svg; --select, --ignore and
--config choose the findings as for check.

Exit status: 0 no findings, 1 findings, 2 usage or internal error.`;

const CODE = /^[A-Z]{3}\d{3}$/;

export function parseArgs(argv: readonly string[], knownCodes: ReadonlySet<string>): CliOptions {
  if (argv.includes('-h') || argv.includes('--help') || argv.length === 0) return { command: 'help' };
  if (argv.includes('--version') || argv[0] === '-V') return { command: 'version' };
  const [command, ...rest] = argv;
  if (command === 'rules') {
    const opts = readOptions(rest, knownCodes);
    if (opts.paths.length > 0) throw new UsageError(`rules takes no paths (got ${opts.paths.join(' ')})`);
    if (opts.format === 'sarif') throw new UsageError('rules supports --format text or json');
    return { command: 'rules', format: opts.format };
  }
  if (command === 'map') {
    const formatAt = rest.findIndex((a) => a === '--format' || a.startsWith('--format='));
    let format: MapFormat = 'mermaid';
    const others = [...rest];
    if (formatAt >= 0) {
      const arg = rest[formatAt]!;
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : rest[formatAt + 1];
      if (value !== 'mermaid' && value !== 'dot' && value !== 'json' && value !== 'svg') {
        throw new UsageError(`--format for map must be mermaid, dot, json or svg (got "${value ?? ''}")`);
      }
      format = value;
      others.splice(formatAt, arg.includes('=') ? 1 : 2);
    }
    const opts = readOptions(others, knownCodes);
    if (opts.fix || opts.unsafeFixes || opts.showFixes) throw new UsageError('map does not fix; use check --fix');
    return { command: 'map', paths: opts.paths.length > 0 ? opts.paths : ['.'], format, select: opts.select, ignore: opts.ignore, config: opts.config };
  }
  if (command !== 'check') throw new UsageError(`unknown command "${command}" (expected "check", "rules" or "map")`);
  const opts = readOptions(rest, knownCodes);
  return { command: 'check', ...opts, paths: opts.paths.length > 0 ? opts.paths : ['.'] };
}

function readOptions(args: readonly string[], knownCodes: ReadonlySet<string>): Omit<CheckOptions, 'command'> {
  const opts: Omit<CheckOptions, 'command'> = {
    paths: [],
    format: 'text',
    fix: false,
    unsafeFixes: false,
    showFixes: false,
    select: undefined,
    ignore: undefined,
    config: undefined,
    threads: 0,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = args[++i];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--format': {
        const f = value();
        if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`--format must be text, json or sarif (got "${f}")`);
        opts.format = f;
        break;
      }
      case '--fix':
        opts.fix = true;
        break;
      case '--unsafe-fixes':
        opts.unsafeFixes = true;
        break;
      case '--show-fixes':
        opts.showFixes = true;
        break;
      case '--select':
        opts.select = codes(flag, value(), knownCodes);
        break;
      case '--ignore':
        opts.ignore = codes(flag, value(), knownCodes);
        break;
      case '--config':
        opts.config = value();
        break;
      case '--threads': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 0 || n > 64) throw new UsageError('--threads takes a whole number from 0 (one per core) to 64');
        opts.threads = n;
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        opts.paths.push(arg);
    }
  }
  return opts;
}

function codes(flag: string, value: string, known: ReadonlySet<string>): string[] {
  const list = value.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean);
  if (list.length === 0) throw new UsageError(`${flag} needs at least one rule code`);
  for (const c of list) {
    if (!CODE.test(c) || !known.has(c)) throw new UsageError(`${flag}: unknown rule code "${c}" (see \`pipeline-seams rules\`)`);
  }
  return list;
}
